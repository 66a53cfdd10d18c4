package dev.wsgate.session;

import dev.wsgate.spi.Failure;
import java.lang.System.Logger.Level;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The log lines of refreshes and revocations, the same on every adapter that logs through {@link
 * System.Logger}: a refresh at DEBUG ({@code session refreshed tenant=… token=…}, or {@code session
 * refresh rejected failure=… tenant=… token=…; closing with N}), a revocation at INFO ({@code
 * session revoked tenant=…; closing with 4001}). Never a token, only its fingerprint.
 */
public final class SessionLog implements SessionEvents {
  private final System.Logger log;

  /** Lines on {@code log}, the adapter's own logger. */
  public SessionLog(System.Logger log) {
    this.log = Objects.requireNonNull(log, "log");
  }

  @Override
  public void refreshed(
      LiveSession session, String fingerprint, @Nullable Failure failure, int closeCode) {
    log.log(
        Level.DEBUG,
        () ->
            failure == null
                ? "session refreshed tenant=" + session.tenant() + " token=" + fingerprint
                : "session refresh rejected failure="
                    + failure
                    + " tenant="
                    + session.tenant()
                    + " token="
                    + fingerprint
                    + "; closing with "
                    + closeCode);
  }

  @Override
  public void revoked(LiveSession session) {
    log.log(
        Level.INFO,
        "session revoked tenant={0}; closing with {1}",
        session.tenant(),
        Failure.REVOKED.closeCode());
  }
}
