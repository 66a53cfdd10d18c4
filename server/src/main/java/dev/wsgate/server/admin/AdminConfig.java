package dev.wsgate.server.admin;

import dev.wsgate.spi.Secret;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The admin HTTP port: {@code /metrics}, {@code /healthz}, {@code /readyz} and {@code POST
 * /admin/disconnect}. Every default lives here.
 *
 * @param host the listen address ({@code wsgate.admin.host}), loopback by default
 * @param port the listen port ({@code wsgate.admin.port}); {@link #DISABLED} when unset, 0 for any
 *     free port
 * @param token the bearer token {@code POST /admin/disconnect} requires ({@code
 *     wsgate.admin.token}); null disables the endpoint
 * @param denyFor how long a disconnected subject is refused at the gate ({@code
 *     wsgate.admin.deny-for})
 */
public record AdminConfig(String host, int port, Secret token, Duration denyFor) {

  /** The port value of a disabled admin port. */
  public static final int DISABLED = -1;

  /** Default {@code wsgate.admin.host}. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** Default {@code wsgate.admin.deny-for}: longer than most access tokens live. */
  public static final Duration DEFAULT_DENY_FOR = Duration.ofHours(1);

  /** Validates the components. */
  public AdminConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(denyFor, "denyFor");
    if (port < DISABLED || port > 65535) {
      throw new IllegalArgumentException("admin port must be 0..65535, or DISABLED");
    }
  }

  /** No admin port. */
  public static AdminConfig disabled() {
    return new AdminConfig(DEFAULT_HOST, DISABLED, null, DEFAULT_DENY_FOR);
  }

  /** Whether the admin port is to be opened. */
  public boolean enabled() {
    return port != DISABLED;
  }

  /** The admin token, if the disconnect endpoint is enabled. */
  public Optional<Secret> adminToken() {
    return Optional.ofNullable(token);
  }

  @Override
  public String toString() {
    return "AdminConfig[host="
        + host
        + ", port="
        + port
        + ", token="
        + (token == null ? "none" : "****")
        + ", denyFor="
        + denyFor
        + "]";
  }
}
