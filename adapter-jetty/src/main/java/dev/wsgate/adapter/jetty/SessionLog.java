package dev.wsgate.adapter.jetty;

import dev.wsgate.session.LiveSession;
import dev.wsgate.session.SessionEvents;
import dev.wsgate.spi.Failure;
import java.lang.System.Logger.Level;
import org.jspecify.annotations.Nullable;

/** One log line per refresh (DEBUG) and per revocation (INFO); fingerprints only, never tokens. */
final class SessionLog implements SessionEvents {
  private static final System.Logger LOG = System.getLogger(WsgateJetty.class.getName());

  @Override
  public void refreshed(
      LiveSession session, String fingerprint, @Nullable Failure failure, int closeCode) {
    LOG.log(
        Level.DEBUG,
        () ->
            (failure == null ? "refresh accepted" : "refresh refused (" + failure + ")")
                + ": tenant="
                + session.tenant()
                + " token="
                + fingerprint
                + (failure == null ? "" : " close=" + closeCode));
  }

  @Override
  public void revoked(LiveSession session) {
    LOG.log(
        Level.INFO,
        () -> "revoked: tenant=" + session.tenant() + " close=" + Failure.REVOKED.closeCode());
  }
}
