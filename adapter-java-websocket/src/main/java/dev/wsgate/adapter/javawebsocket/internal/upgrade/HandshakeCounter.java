package dev.wsgate.adapter.javawebsocket.internal.upgrade;

import dev.wsgate.adapter.javawebsocket.ServerMetrics;
import dev.wsgate.spi.Failure;
import org.jspecify.annotations.Nullable;

/** Where the upgrade path counts an answered upgrade ({@link ServerMetrics}). */
@FunctionalInterface
public interface HandshakeCounter {

  /** Counts an answered upgrade: {@code failure} is null when it was accepted. */
  void handshake(@Nullable Failure failure, int status, String tenant);
}
