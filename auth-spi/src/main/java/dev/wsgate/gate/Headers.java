package dev.wsgate.gate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The headers of an upgrade request: an immutable multimap whose names compare case-insensitively.
 * Each value is kept as received (a server that joins repeated headers, as Java-WebSocket does with
 * {@code "; "}, passes the joined value).
 */
public final class Headers {
  private static final Headers EMPTY = new Headers(new TreeMap<>(String.CASE_INSENSITIVE_ORDER));

  private final Map<String, List<String>> byName;

  private Headers(TreeMap<String, List<String>> byName) {
    this.byName = Collections.unmodifiableMap(byName);
  }

  /** No headers. */
  public static Headers empty() {
    return EMPTY;
  }

  /** Starts a header set. */
  public static Builder builder() {
    return new Builder();
  }

  /** Every value of {@code name}, in the order received; empty when absent. */
  public List<String> all(String name) {
    List<String> values = byName.get(name);
    return values == null ? List.of() : values;
  }

  /** The first value of {@code name}. */
  public Optional<String> first(String name) {
    List<String> values = all(name);
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** The header names, each spelled as first received, in case-insensitive alphabetical order. */
  public Set<String> names() {
    return byName.keySet();
  }

  /** A copy with {@code name: value} added after any existing values. */
  public Headers with(String name, String value) {
    Builder b = builder();
    byName.forEach((n, vs) -> vs.forEach(v -> b.add(n, v)));
    return b.add(name, value).build();
  }

  /** Names only: header values may carry tokens. */
  @Override
  public String toString() {
    return "Headers" + byName.keySet();
  }

  /** Builds {@link Headers}. Not thread-safe; {@link #build()} copies, so it may be reused. */
  public static final class Builder {
    private final TreeMap<String, List<String>> byName =
        new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    private Builder() {}

    /** Adds one value; null names or values are ignored. */
    public Builder add(String name, String value) {
      if (name != null && value != null) {
        byName.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
      }
      return this;
    }

    /** The headers. */
    public Headers build() {
      TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      byName.forEach((n, vs) -> copy.put(n, List.copyOf(vs)));
      return new Headers(copy);
    }
  }
}
