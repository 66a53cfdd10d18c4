package dev.wsgate.provider.hmac;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.Base64URL;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one-pass canonical check agrees with decoding and re-encoding. */
final class CanonicalBase64Test {
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  private static boolean byRoundTrip(String s) {
    if (!s.matches("[A-Za-z0-9_-]*")) {
      return false;
    }
    return Base64URL.encode(new Base64URL(s).decode()).toString().equals(s);
  }

  @Test
  void isCanonical_randomStrings_agreesWithDecodeAndReencode() {
    Random random = new Random(8);
    for (int i = 0; i < 20_000; i++) {
      int length = random.nextInt(14);
      StringBuilder b = new StringBuilder();
      for (int j = 0; j < length; j++) {
        b.append(
            random.nextInt(40) == 0
                ? "=+/. ".charAt(random.nextInt(5))
                : ALPHABET.charAt(random.nextInt(64)));
      }
      String s = b.toString();
      assertThat(HmacSignature.isCanonical(s)).as(s).isEqualTo(byRoundTrip(s));
    }
  }

  @Test
  void isCanonical_nonZeroTrailingBits_false() {
    assertThat(HmacSignature.isCanonical("AA")).isTrue();
    assertThat(HmacSignature.isCanonical("AB")).isFalse();
    assertThat(HmacSignature.isCanonical("AAA")).isTrue();
    assertThat(HmacSignature.isCanonical("AAB")).isFalse();
    assertThat(HmacSignature.isCanonical("A")).isFalse();
  }
}
