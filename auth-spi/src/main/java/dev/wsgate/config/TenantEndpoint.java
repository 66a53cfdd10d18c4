package dev.wsgate.config;

import java.util.Objects;

/**
 * Where clients reach a tenant that has a URL of its own: one of its {@code Host}s ({@code
 * wsgate.tenant.resolver=host}) or its path ({@code wsgate.tenant.resolver=path}).
 *
 * @param tenant the tenant id
 * @param host the host name clients connect to; empty for the listen address
 * @param path the upgrade path, such as {@code /acme/ws}
 */
public record TenantEndpoint(String tenant, String host, String path) {
  /** Checks the components. */
  public TenantEndpoint {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(path, "path");
  }
}
