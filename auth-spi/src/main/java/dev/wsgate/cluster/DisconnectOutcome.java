package dev.wsgate.cluster;

/**
 * What a disconnect order achieved. Immutable.
 *
 * @param connectionsClosed connections closed by the instances that acknowledged, this one included
 * @param instancesAcknowledged instances that answered within the wait, this one included
 * @param instancesReached instances the order reached (those listening when it was sent, this one
 *     included); more than {@code instancesAcknowledged} when some did not answer in time
 * @param shared false when the order reached this instance only because the shared store is
 *     unreachable: other instances' connections stay open
 */
public record DisconnectOutcome(
    int connectionsClosed, int instancesAcknowledged, int instancesReached, boolean shared) {

  /** Validates the components. */
  public DisconnectOutcome {
    if (connectionsClosed < 0 || instancesAcknowledged < 0 || instancesReached < 0) {
      throw new IllegalArgumentException("counts are not negative");
    }
  }

  /** The outcome of an order that only this instance carried out. */
  public static DisconnectOutcome localOnly(int connectionsClosed) {
    return new DisconnectOutcome(connectionsClosed, 1, 1, false);
  }
}
