package dev.wsgate.internal;

/** The value of one hexadecimal digit. Not API. */
public final class HexDigit {
  private HexDigit() {}

  /**
   * The value of {@code c} as a hexadecimal digit, or -1. ASCII only: {@link Character#digit} alone
   * would also take the digits of other scripts.
   */
  public static int of(char c) {
    return c < 0x80 ? Character.digit(c, 16) : -1;
  }
}
