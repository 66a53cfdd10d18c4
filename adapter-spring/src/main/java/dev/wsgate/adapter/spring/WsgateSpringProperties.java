package dev.wsgate.adapter.spring;

import dev.wsgate.session.SessionPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code wsgate.*} settings the Spring adapter itself reads (the gate is the application's
 * {@code HandshakeGate} bean).
 */
@ConfigurationProperties("wsgate")
public class WsgateSpringProperties {
  /** The default {@code wsgate.handshake.max-bytes}, as the wsgate server's. */
  public static final int DEFAULT_HANDSHAKE_MAX_BYTES = 32 * 1024;

  private final Spring spring = new Spring();
  private final Handshake handshake = new Handshake();
  private final Session session = new Session();

  public Spring getSpring() {
    return spring;
  }

  public Handshake getHandshake() {
    return handshake;
  }

  public Session getSession() {
    return session;
  }

  /** {@code wsgate.spring.*}: Spring-only settings. */
  public static class Spring {
    /**
     * Path patterns of the WebSocket endpoints to gate (Spring's PathPattern syntax); empty gates
     * every endpoint the application registers.
     */
    private List<String> paths = new ArrayList<>();

    public List<String> getPaths() {
      return paths;
    }

    public void setPaths(List<String> paths) {
      this.paths = paths;
    }
  }

  /** {@code wsgate.handshake.*}. */
  public static class Handshake {
    /**
     * The largest upgrade request head (request line and headers) the container must accept, so
     * that an oversized token gets the gate's 431 rather than the container's own error; raises
     * server.max-http-request-header-size and server.netty.max-initial-line-length when lower.
     */
    private int maxBytes = DEFAULT_HANDSHAKE_MAX_BYTES;

    public int getMaxBytes() {
      return maxBytes;
    }

    public void setMaxBytes(int maxBytes) {
      this.maxBytes = maxBytes;
    }
  }

  /** {@code wsgate.session.*}: what happens after the 101. */
  public static class Session {
    /** What happens to an open connection when its token expires: close (4002) or keep. */
    private OnExpiry onExpiry = OnExpiry.CLOSE;

    /** The window just before a token's exp over which expiry closes are spread. */
    private Duration expiryJitter = SessionPolicy.DEFAULT_EXPIRY_JITTER;

    /** Whether clients may replace their token in band with a wsgate.refresh text frame. */
    private boolean refresh;

    /**
     * The longest a connection stays open from its upgrade, across refreshes and whatever its
     * token's exp; then it is closed with 4002.
     */
    private Duration maxLifetime = SessionPolicy.DEFAULT_MAX_LIFETIME;

    /**
     * How often open connections are checked against the gate's revocation checks (the
     * application's RevocationCheck beans); a revoked one is closed with 4001.
     */
    private Duration revocationInterval = SessionPolicy.DEFAULT_REVOCATION_INTERVAL;

    public OnExpiry getOnExpiry() {
      return onExpiry;
    }

    public void setOnExpiry(OnExpiry onExpiry) {
      this.onExpiry = onExpiry;
    }

    public Duration getExpiryJitter() {
      return expiryJitter;
    }

    public void setExpiryJitter(Duration expiryJitter) {
      this.expiryJitter = expiryJitter;
    }

    public boolean isRefresh() {
      return refresh;
    }

    public void setRefresh(boolean refresh) {
      this.refresh = refresh;
    }

    public Duration getMaxLifetime() {
      return maxLifetime;
    }

    public void setMaxLifetime(Duration maxLifetime) {
      this.maxLifetime = maxLifetime;
    }

    public Duration getRevocationInterval() {
      return revocationInterval;
    }

    public void setRevocationInterval(Duration revocationInterval) {
      this.revocationInterval = revocationInterval;
    }
  }

  /** {@code wsgate.session.on-expiry}. */
  public enum OnExpiry {
    /** Close with 4002 "token expired" just before exp. */
    CLOSE,
    /** Leave the connection open; the application handles expiry. */
    KEEP
  }
}
