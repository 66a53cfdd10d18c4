package dev.wsgate.provider.firebase;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the SDK's JSON values (BigDecimal numbers, ArrayMap objects) into the plain JSON types
 * {@link dev.wsgate.spi.VerifiedToken#claims()} promises: String, Long or Double, Boolean, List and
 * Map.
 */
final class Claims {
  private Claims() {}

  static Map<String, Object> plain(Map<String, ?> claims) {
    Map<String, Object> out = new LinkedHashMap<>();
    claims.forEach(
        (k, v) -> {
          Object p = plainValue(v);
          if (k != null && p != null) {
            out.put(k, p);
          }
        });
    return out;
  }

  private static Object plainValue(Object v) {
    if (v instanceof Map) {
      @SuppressWarnings("unchecked")
      Map<String, ?> m = (Map<String, ?>) v;
      return plain(m);
    }
    if (v instanceof Collection) {
      List<Object> list = new ArrayList<>();
      for (Object e : (Collection<?>) v) {
        Object p = plainValue(e);
        if (p != null) {
          list.add(p);
        }
      }
      return list;
    }
    if (v instanceof BigDecimal) {
      BigDecimal d = (BigDecimal) v;
      try {
        return d.longValueExact();
      } catch (ArithmeticException notIntegral) {
        return d.doubleValue();
      }
    }
    return v;
  }
}
