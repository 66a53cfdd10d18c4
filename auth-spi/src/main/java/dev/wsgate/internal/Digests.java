package dev.wsgate.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 instances for the handshake path (token fingerprints, verified-token cache keys): a clone
 * of one prototype instead of a provider lookup per call.
 */
public final class Digests {
  private static final MessageDigest PROTOTYPE = lookup();

  private Digests() {}

  /** A fresh SHA-256. */
  public static MessageDigest sha256() {
    try {
      return (MessageDigest) PROTOTYPE.clone();
    } catch (CloneNotSupportedException e) {
      return lookup();
    }
  }

  private static MessageDigest lookup() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
