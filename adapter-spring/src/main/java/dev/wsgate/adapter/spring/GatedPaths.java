package dev.wsgate.adapter.spring;

import java.util.List;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Which WebSocket endpoints the gate guards ({@code wsgate.spring.paths}): all of them when no
 * pattern is set, else those whose path matches one of the patterns (Spring's {@link PathPattern}
 * syntax: {@code /ws}, {@code /chat/**}, {@code /rooms/{id}}). Immutable.
 */
final class GatedPaths {
  private final List<PathPattern> patterns;

  GatedPaths(List<String> patterns) {
    this.patterns = patterns.stream().map(PathPatternParser.defaultInstance::parse).toList();
  }

  /** Whether no pattern narrows the gated endpoints. */
  boolean gatesEverything() {
    return patterns.isEmpty();
  }

  /** Whether {@code path} (a registered endpoint path, or a request path) is gated. */
  boolean gates(String path) {
    if (patterns.isEmpty()) {
      return true;
    }
    PathContainer p = PathContainer.parsePath(path);
    for (PathPattern pattern : patterns) {
      if (pattern.matches(p)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return patterns.isEmpty() ? "GatedPaths[all]" : "GatedPaths" + patterns;
  }
}
