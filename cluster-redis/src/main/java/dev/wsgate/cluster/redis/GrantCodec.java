package dev.wsgate.cluster.redis;

import dev.wsgate.gate.TicketGrant;
import dev.wsgate.internal.JsonObjects;
import dev.wsgate.spi.VerifiedToken;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link TicketGrant} as the JSON text stored under a ticket's key. Claims keep their JSON types;
 * numbers come back as {@link Long} when integral and in range, as {@link Double} otherwise (as the
 * nimbus-based providers return them).
 */
final class GrantCodec {
  private GrantCodec() {}

  static String encode(TicketGrant grant) {
    VerifiedToken t = grant.token();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("origin", grant.origin());
    m.put("expiresAt", grant.expiresAt().toString());
    m.put("provider", t.providerId());
    m.put("subject", t.subject());
    m.put("issuer", t.issuer());
    t.expiresAt().ifPresent(e -> m.put("exp", e.toString()));
    m.put("audience", t.audience());
    m.put("scopes", List.copyOf(t.scopes()));
    m.put("tenant", t.tenant());
    m.put("claims", t.claims());
    StringBuilder out = new StringBuilder(256);
    write(out, m);
    return out.toString();
  }

  /**
   * The grant stored as {@code text}.
   *
   * @throws IllegalArgumentException when the text is not a stored grant
   */
  @SuppressWarnings("unchecked")
  static TicketGrant decode(String text) {
    Map<String, Object> m;
    try {
      m = JsonObjects.parse(text);
    } catch (JsonObjects.MalformedJson e) {
      throw new IllegalArgumentException("not a stored ticket grant", e);
    }
    VerifiedToken.Builder b =
        VerifiedToken.builder(string(m, "provider"), string(m, "subject"))
            .issuer((String) m.get("issuer"))
            .audience((List<String>) m.get("audience"))
            .scopes((List<String>) m.get("scopes"))
            .tenant(string(m, "tenant"))
            .claims((Map<String, Object>) m.get("claims"));
    Object exp = m.get("exp");
    if (exp != null) {
      b.expiresAt(Instant.parse((String) exp));
    }
    return new TicketGrant(b.build(), string(m, "origin"), Instant.parse(string(m, "expiresAt")));
  }

  private static String string(Map<String, Object> m, String name) {
    Object v = m.get(name);
    if (!(v instanceof String)) {
      throw new IllegalArgumentException("a stored ticket grant lacks " + name);
    }
    return (String) v;
  }

  private static void write(StringBuilder out, Object v) {
    if (v == null) {
      out.append("null");
    } else if (v instanceof Boolean) {
      out.append(v);
    } else if (v instanceof Number) {
      Number n = (Number) v;
      double d = n.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        out.append("null");
      } else {
        out.append(n instanceof BigDecimal ? ((BigDecimal) n).toPlainString() : n.toString());
      }
    } else if (v instanceof Map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string(out, String.valueOf(e.getKey()));
        out.append(':');
        write(out, e.getValue());
      }
      out.append('}');
    } else if (v instanceof Collection) {
      out.append('[');
      boolean first = true;
      for (Object x : (Collection<?>) v) {
        if (!first) {
          out.append(',');
        }
        first = false;
        write(out, x);
      }
      out.append(']');
    } else {
      string(out, v.toString());
    }
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }
}
