package dev.wsgate.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The reverse proxies whose {@code X-Forwarded-For} is believed ({@code wsgate.trusted-proxies}):
 * IP addresses and CIDR blocks, IPv4 or IPv6. The client address of a request is its peer's
 * address, unless the peer is trusted: then {@code X-Forwarded-For} is read from the right,
 * skipping trusted hops, and the first untrusted address is the client. A header from anyone else
 * is ignored, so a client cannot choose the address the failure limit and the logs see. Only IP
 * literals are parsed; nothing is ever resolved through DNS. Immutable and thread-safe.
 */
public final class TrustedProxies {
  private static final TrustedProxies NONE = new TrustedProxies(List.of());

  private final List<Block> blocks;

  private TrustedProxies(List<Block> blocks) {
    this.blocks = List.copyOf(blocks);
  }

  /** No trusted proxy: every request's client is its peer. */
  public static TrustedProxies none() {
    return NONE;
  }

  /**
   * Parses entries such as {@code 10.0.0.0/8}, {@code 192.168.1.7}, {@code fd00::/8}.
   *
   * @throws IllegalArgumentException naming the first entry that is not an IP address or CIDR
   */
  public static TrustedProxies parse(List<String> entries) {
    List<Block> blocks = new ArrayList<>();
    for (String entry : entries) {
      String e = entry.trim();
      int slash = e.indexOf('/');
      Optional<InetAddress> address = literal(slash < 0 ? e : e.substring(0, slash));
      if (address.isEmpty()) {
        throw new IllegalArgumentException(
            "entry '" + entry + "' is not an IP address or CIDR such as 10.0.0.0/8");
      }
      int bits = address.get().getAddress().length * 8;
      int prefix = bits;
      if (slash >= 0) {
        String digits = e.substring(slash + 1);
        if (!digits.matches("[0-9]{1,3}") || Integer.parseInt(digits) > bits) {
          throw new IllegalArgumentException(
              "entry '" + entry + "' has a prefix length outside 0.." + bits);
        }
        prefix = Integer.parseInt(digits);
      }
      blocks.add(new Block(address.get().getAddress(), prefix));
    }
    return new TrustedProxies(blocks);
  }

  boolean isEmpty() {
    return blocks.isEmpty();
  }

  /**
   * The client address of a request from {@code peer} carrying {@code forwardedFor} (empty when the
   * header is absent; repeated headers arrive joined with {@code "; "}).
   */
  String clientAddress(InetAddress peer, String forwardedFor) {
    InetAddress client = peer;
    if (!isTrusted(peer) || forwardedFor.isBlank()) {
      return peer.getHostAddress();
    }
    String[] hops = forwardedFor.split("[,;]");
    for (int i = hops.length - 1; i >= 0; i--) {
      Optional<InetAddress> hop = literal(stripPort(hops[i].trim()));
      if (hop.isEmpty()) {
        break; // garbage written by whoever is left of here: the last good hop is the client
      }
      client = hop.get();
      if (!isTrusted(client)) {
        break;
      }
    }
    return client.getHostAddress();
  }

  boolean isTrusted(InetAddress address) {
    byte[] a = address.getAddress();
    for (Block b : blocks) {
      if (b.contains(a)) {
        return true;
      }
    }
    return false;
  }

  /** {@code 1.2.3.4:80} and {@code [::1]:80} as some proxies write them; bare IPv6 unchanged. */
  private static String stripPort(String hop) {
    if (hop.startsWith("[")) {
      int end = hop.indexOf(']');
      return end < 0 ? hop : hop.substring(1, end);
    }
    int colon = hop.indexOf(':');
    return colon > 0 && colon == hop.lastIndexOf(':') ? hop.substring(0, colon) : hop;
  }

  /** An IPv4 dotted quad or an IPv6 literal; never a host name, so never a DNS lookup. */
  static Optional<InetAddress> literal(String s) {
    boolean v4 =
        s.matches(
            "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    boolean v6 = s.contains(":") && s.length() <= 45 && s.matches("[0-9A-Fa-f:.]+");
    if (!v4 && !v6) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(s));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  private record Block(byte[] network, int prefix) {
    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (address[full] & mask) == (network[full] & mask);
    }
  }

  @Override
  public String toString() {
    return "TrustedProxies[" + blocks.size() + " blocks]";
  }
}
