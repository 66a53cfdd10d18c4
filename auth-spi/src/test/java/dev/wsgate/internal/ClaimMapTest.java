package dev.wsgate.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class ClaimMapTest {

  /** Claims as a parser makes them: every name a string of its own. */
  private static Map<String, Object> parsed() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(new String("sub"), "alice");
    m.put(new String("x-custom"), List.of("a", "b"));
    m.put(new String("exp"), 1_700_000_000L);
    m.put(new String("nothing"), null);
    m.put(new String("email_verified"), true);
    return m;
  }

  @Test
  void copyOf_keepsTheOrderAndDropsNullValues() {
    Map<String, Object> claims = ClaimMap.copyOf(parsed());

    assertThat(claims.keySet()).containsExactly("sub", "x-custom", "exp", "email_verified");
    assertThat(claims.values()).containsExactly("alice", List.of("a", "b"), 1_700_000_000L, true);
    assertThat(claims).hasSize(4);
  }

  @Test
  void lookups_findEveryClaimAndNothingElse() {
    Map<String, Object> claims = ClaimMap.copyOf(parsed());

    assertThat(claims.get("exp")).isEqualTo(1_700_000_000L);
    assertThat(claims.get("x-custom")).isEqualTo(List.of("a", "b"));
    assertThat(claims.get("nothing")).isNull();
    assertThat(claims.get(42)).isNull();
    assertThat(claims.containsKey("email_verified")).isTrue();
    assertThat(claims.containsKey("iss")).isFalse();
    assertThat(claims.getOrDefault("iss", "none")).isEqualTo("none");
  }

  @Test
  void equalsAndHashCode_asAnyMapWithTheSameClaims() {
    Map<String, Object> expected = new LinkedHashMap<>(parsed());
    expected.remove("nothing");

    Map<String, Object> claims = ClaimMap.copyOf(parsed());

    assertThat(claims).isEqualTo(expected);
    assertThat(expected).isEqualTo(claims);
    assertThat(claims.hashCode()).isEqualTo(expected.hashCode());
    assertThat(claims.toString()).isEqualTo(expected.toString());
  }

  @Test
  void everyWayOfChangingIt_throws() {
    Map<String, Object> claims = ClaimMap.copyOf(parsed());

    assertThatThrownBy(() -> claims.put("admin", true))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> claims.remove("sub"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(claims::clear).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> claims.entrySet().iterator().next().setValue("bob"))
        .isInstanceOf(UnsupportedOperationException.class);
    Iterator<String> names = claims.keySet().iterator();
    names.next();
    assertThatThrownBy(names::remove).isInstanceOf(UnsupportedOperationException.class);
    assertThat(claims).containsEntry("sub", "alice").hasSize(4);
  }

  @Test
  void registeredNames_areHeldOncePerProcess_othersAsGiven() {
    Map<String, Object> a = ClaimMap.copyOf(parsed());
    Map<String, Object> b = ClaimMap.copyOf(parsed());

    assertThat(nameOf(a, "sub")).isSameAs(nameOf(b, "sub"));
    assertThat(nameOf(a, "email_verified")).isSameAs(nameOf(b, "email_verified"));
    assertThat(nameOf(a, "x-custom")).isNotSameAs(nameOf(b, "x-custom"));
  }

  @Test
  void copyOf_nothingButNulls_isEmpty() {
    Map<String, Object> onlyNull = new LinkedHashMap<>();
    onlyNull.put("a", null);

    assertThat(ClaimMap.copyOf(onlyNull)).isEmpty();
    assertThat(ClaimMap.copyOf(Map.of())).isEqualTo(Map.of());
  }

  private static String nameOf(Map<String, Object> claims, String name) {
    return claims.keySet().stream().filter(name::equals).findFirst().orElseThrow();
  }
}
