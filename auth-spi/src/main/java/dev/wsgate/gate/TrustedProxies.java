package dev.wsgate.gate;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The reverse proxies whose {@code X-Forwarded-For} is believed ({@code wsgate.trusted-proxies}: IP
 * addresses or CIDR ranges). The client address is the rightmost entry that is not a trusted proxy;
 * a request from an untrusted peer is attributed to that peer whatever it claims. Names are never
 * resolved. Immutable.
 */
public final class TrustedProxies {
  private static final Pattern IP_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

  private final List<byte[]> networks;
  private final List<Integer> prefixes;

  private TrustedProxies(List<byte[]> networks, List<Integer> prefixes) {
    this.networks = networks;
    this.prefixes = prefixes;
  }

  /**
   * Parses entries such as {@code 10.0.0.7}, {@code 10.0.0.0/8} or {@code fd00::/8}.
   *
   * @throws IllegalArgumentException naming the first entry that is neither
   */
  public static TrustedProxies parse(List<String> entries) {
    List<byte[]> networks = new ArrayList<>();
    List<Integer> prefixes = new ArrayList<>();
    for (String e : entries) {
      String[] parts = e.trim().split("/", 2);
      byte[] ip =
          literal(parts[0])
              .orElseThrow(
                  () -> new IllegalArgumentException("'" + e + "' is not an IP address or CIDR"))
              .getAddress();
      int bits = ip.length * 8;
      if (parts.length == 2) {
        try {
          bits = Integer.parseInt(parts[1]);
        } catch (NumberFormatException x) {
          bits = -1;
        }
        if (bits < 0 || bits > ip.length * 8) {
          throw new IllegalArgumentException("'" + e + "' has an invalid prefix length");
        }
      }
      networks.add(ip);
      prefixes.add(bits);
    }
    return new TrustedProxies(networks, prefixes);
  }

  /** Whether no proxy is trusted: every request is attributed to its peer. */
  public boolean isEmpty() {
    return networks.isEmpty();
  }

  /** The client address of a request from {@code peer} carrying {@code forwardedFor}. */
  public String clientAddress(InetAddress peer, String forwardedFor) {
    if (!trusts(peer) || forwardedFor.isBlank()) {
      return peer.getHostAddress();
    }
    // repeated fields arrive joined with ", " (UpgradeRequest)
    String[] hops = forwardedFor.split(",");
    InetAddress client = peer;
    for (int i = hops.length - 1; i >= 0; i--) {
      Optional<InetAddress> hop = literal(hops[i].trim());
      if (hop.isEmpty()) {
        break; // garbage: stay with the last address a trusted hop vouched for
      }
      client = hop.get();
      if (!trusts(client)) {
        break;
      }
    }
    return client.getHostAddress();
  }

  /**
   * As {@link #clientAddress(InetAddress, String)} for a peer address given as text, such as a
   * servlet container reports it; a peer that is not an IP literal is returned as it is (no name is
   * ever looked up).
   */
  public String clientAddress(String peer, String forwardedFor) {
    Optional<InetAddress> address = literal(peer);
    return address.isEmpty() ? peer : clientAddress(address.get(), forwardedFor);
  }

  boolean trusts(InetAddress address) {
    byte[] a = address.getAddress();
    for (int i = 0; i < networks.size(); i++) {
      if (matches(networks.get(i), prefixes.get(i), a)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(byte[] network, int bits, byte[] address) {
    if (network.length != address.length) {
      return false;
    }
    for (int i = 0; i < bits; i++) {
      int mask = 0x80 >>> (i % 8);
      if ((network[i / 8] & mask) != (address[i / 8] & mask)) {
        return false;
      }
    }
    return true;
  }

  private static Optional<InetAddress> literal(String s) {
    String v = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
    if (v.isEmpty() || !IP_CHARS.matcher(v).matches() || !(v.contains(".") || v.contains(":"))) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(v)); // a literal: no name lookup
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }
}
