package dev.wsgate.cluster;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Close the open connections of one subject, of one tenant or of every tenant. Immutable.
 *
 * @param tenant the subject's tenant, or null for the subject of every tenant
 * @param subject the subject whose connections close
 */
public record DisconnectOrder(@Nullable String tenant, String subject) {
  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException when the subject, or a given tenant, is blank
   */
  public DisconnectOrder {
    if (subject == null || subject.isBlank()) {
      throw new IllegalArgumentException("a disconnect order names a subject");
    }
    if (tenant != null && tenant.isBlank()) {
      throw new IllegalArgumentException("a disconnect order's tenant must not be blank");
    }
  }

  /** The tenant, when the order is for one tenant's subject only. */
  public Optional<String> tenantId() {
    return Optional.ofNullable(tenant);
  }
}
