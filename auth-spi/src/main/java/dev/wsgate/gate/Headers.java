package dev.wsgate.gate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The headers of an upgrade request: an immutable multimap whose names compare case-insensitively.
 * Each value is kept as received (a server that joins repeated headers, as Java-WebSocket does with
 * {@code "; "}, passes the joined value; wsgate's server passes each one).
 *
 * <p>Kept as the received list of fields and looked up by a scan: a request has a dozen fields, and
 * a scan of them costs less than building a sorted map for the few lookups a handshake makes.
 */
public final class Headers {
  private static final String[] NONE = new String[0];
  private static final Headers EMPTY = new Headers(NONE, NONE);

  /** Field names as received, in order; {@code values[i]} is the value of {@code names[i]}. */
  private final String[] names;

  private final String[] values;

  private Headers(String[] names, String[] values) {
    this.names = names;
    this.values = values;
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
    String only = null;
    List<String> more = null;
    for (int i = 0; i < names.length; i++) {
      if (names[i].equalsIgnoreCase(name)) {
        if (only == null) {
          only = values[i];
        } else {
          if (more == null) {
            more = new ArrayList<>(4);
            more.add(only);
          }
          more.add(values[i]);
        }
      }
    }
    if (more != null) {
      return Collections.unmodifiableList(more);
    }
    return only == null ? List.of() : List.of(only);
  }

  /** The first value of {@code name}. */
  public Optional<String> first(String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equalsIgnoreCase(name)) {
        return Optional.of(values[i]);
      }
    }
    return Optional.empty();
  }

  /** The header names, each spelled as first received, in case-insensitive alphabetical order. */
  public Set<String> names() {
    TreeSet<String> sorted = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    sorted.addAll(Arrays.asList(names)); // a TreeSet keeps the first of equal names
    return Collections.unmodifiableSet(sorted);
  }

  /** A copy with {@code name: value} added after any existing values. */
  public Headers with(String name, String value) {
    Builder b = builder();
    for (int i = 0; i < names.length; i++) {
      b.add(names[i], values[i]);
    }
    return b.add(name, value).build();
  }

  /** Names only: header values may carry tokens. */
  @Override
  public String toString() {
    return "Headers" + names();
  }

  /** Builds {@link Headers}. Not thread-safe; {@link #build()} copies, so it may be reused. */
  public static final class Builder {
    private final List<String> names = new ArrayList<>(16);
    private final List<String> values = new ArrayList<>(16);

    private Builder() {}

    /** Adds one value; null names or values are ignored. */
    public Builder add(@Nullable String name, @Nullable String value) {
      if (name != null && value != null) {
        names.add(name);
        values.add(value);
      }
      return this;
    }

    /** The headers. */
    public Headers build() {
      return names.isEmpty() ? EMPTY : new Headers(names.toArray(NONE), values.toArray(NONE));
    }
  }
}
