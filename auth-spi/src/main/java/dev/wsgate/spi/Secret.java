package dev.wsgate.spi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A secret configuration value (an HMAC key, an API key, a service-account path). Its {@link
 * #toString()} is {@code ****}, so a secret printed by accident reveals nothing. Immutable and
 * thread-safe: every accessor returns a copy.
 */
public final class Secret {
  private final byte[] value;

  private Secret(byte[] value) {
    this.value = value.clone();
  }

  /** Wraps a secret string (encoded as UTF-8). */
  public static Secret of(String value) {
    return new Secret(value.getBytes(StandardCharsets.UTF_8));
  }

  /** Wraps secret bytes (copied). */
  public static Secret of(byte[] value) {
    return new Secret(value);
  }

  /** A copy of the secret's bytes. */
  public byte[] bytes() {
    return value.clone();
  }

  /** The secret as a string (UTF-8). Use only to hand it to the library that needs it. */
  public String reveal() {
    return new String(value, StandardCharsets.UTF_8);
  }

  /** The secret's length in bytes. */
  public int length() {
    return value.length;
  }

  /** Compares in constant time. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Secret && MessageDigest.isEqual(value, ((Secret) o).value);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "****";
  }
}
