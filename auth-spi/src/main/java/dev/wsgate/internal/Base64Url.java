package dev.wsgate.internal;

/** The base64url alphabet of RFC 4648 §5, for checks of tokens and token-carrying headers. */
public final class Base64Url {
  private Base64Url() {}

  /** Whether {@code c} is one of the 64 base64url characters (no padding). */
  public static boolean isAlphabet(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_';
  }
}
