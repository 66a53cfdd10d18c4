package dev.wsgate.gate;

import java.time.Duration;
import java.util.Objects;

/**
 * A ticket as handed to the client: {@code {"ticket":"…","expires_in":30}}. Its {@link #toString}
 * never shows the value: only {@link Redaction#fingerprint} of it may be logged.
 *
 * @param value 256 random bits, unpadded base64url (43 characters)
 * @param expiresIn how long it may be redeemed
 */
public record IssuedTicket(String value, Duration expiresIn) {
  /** Validates the components. */
  public IssuedTicket {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(expiresIn, "expiresIn");
  }

  /** The JSON answer of a ticket endpoint. */
  public String json() {
    return "{\"ticket\":\"" + value + "\",\"expires_in\":" + expiresIn.toSeconds() + "}";
  }

  @Override
  public String toString() {
    return "IssuedTicket[" + Redaction.fingerprint(value) + ", expiresIn=" + expiresIn + "]";
  }
}
