package dev.wsgate.internal;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * A token's claims as {@link dev.wsgate.spi.VerifiedToken#claims()} holds them for the life of its
 * connection: unmodifiable, in the order given, names and values side by side in one array (a
 * {@code LinkedHashMap} costs an entry object per claim and a hash table on every open connection),
 * and the names most tokens carry held once per process instead of once per token. A lookup scans
 * the array: a claims set is small (a token is at most a few kilobytes). Not API.
 */
public final class ClaimMap extends AbstractMap<String, Object> {
  private static final ClaimMap EMPTY = new ClaimMap(new Object[0]);

  /** The registered JWT claim names (RFC 7519) and those of OpenID Connect and the providers. */
  private static final Map<String, String> NAMES =
      names(
          "iss sub aud exp nbf iat jti azp scope scp sid nonce auth_time acr amr at_hash email"
              + " email_verified name given_name family_name preferred_username picture locale"
              + " roles groups client_id tid oid typ user_id firebase org_id org_role realm_access"
              + " resource_access");

  /** Names at even indexes, each followed by its value; no null, no name twice. */
  private final Object[] namesAndValues;

  private ClaimMap(Object[] namesAndValues) {
    this.namesAndValues = namesAndValues;
  }

  /**
   * An unmodifiable copy of {@code claims} in its iteration order, without null names or values.
   */
  public static Map<String, Object> copyOf(Map<String, ?> claims) {
    Object[] a = new Object[2 * claims.size()];
    int n = 0;
    for (Map.Entry<String, ?> e : claims.entrySet()) {
      String name = e.getKey();
      Object value = e.getValue();
      if (name != null && value != null && n < a.length) {
        a[n++] = NAMES.getOrDefault(name, name);
        a[n++] = value;
      }
    }
    return n == 0 ? EMPTY : new ClaimMap(n == a.length ? a : Arrays.copyOf(a, n));
  }

  private static Map<String, String> names(String spaced) {
    Map<String, String> m = new HashMap<>();
    for (String n : spaced.split(" ")) {
      m.put(n, n);
    }
    return Map.copyOf(m);
  }

  private int indexOf(@Nullable Object name) {
    Object[] a = namesAndValues;
    for (int i = 0; i < a.length; i += 2) {
      if (a[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public int size() {
    return namesAndValues.length / 2;
  }

  @Override
  public boolean containsKey(@Nullable Object name) {
    return indexOf(name) >= 0;
  }

  @Override
  public @Nullable Object get(@Nullable Object name) {
    int i = indexOf(name);
    return i < 0 ? null : namesAndValues[i + 1];
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super Object> action) {
    Object[] a = namesAndValues;
    for (int i = 0; i < a.length; i += 2) {
      action.accept((String) a[i], a[i + 1]);
    }
  }

  @Override
  public Set<Map.Entry<String, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return ClaimMap.this.size();
      }

      @Override
      public Iterator<Map.Entry<String, Object>> iterator() {
        return new Iterator<>() {
          private int i;

          @Override
          public boolean hasNext() {
            return i < namesAndValues.length;
          }

          @Override
          public Map.Entry<String, Object> next() {
            if (i >= namesAndValues.length) {
              throw new NoSuchElementException();
            }
            Map.Entry<String, Object> e =
                Map.entry((String) namesAndValues[i], namesAndValues[i + 1]);
            i += 2;
            return e;
          }
        };
      }
    };
  }
}
