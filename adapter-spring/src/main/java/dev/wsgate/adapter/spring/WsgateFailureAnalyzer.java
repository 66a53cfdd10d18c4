package dev.wsgate.adapter.spring;

import dev.wsgate.spi.ConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Describes a start-up that failed on wsgate's configuration (a provider's bad setting, a key only
 * the standalone server reads) as Spring Boot describes its own: every problem, each naming its
 * full key, and what to do. Problems never hold a secret's value.
 */
final class WsgateFailureAnalyzer extends AbstractFailureAnalyzer<ConfigurationException> {
  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, ConfigurationException cause) {
    StringBuilder description =
        new StringBuilder("wsgate's configuration has ")
            .append(cause.problems().size())
            .append(cause.problems().size() == 1 ? " problem:" : " problems:");
    for (String p : cause.problems()) {
      description.append(System.lineSeparator()).append("  - ").append(p);
    }
    return new FailureAnalysis(
        description.toString(),
        "Fix or remove the wsgate.* properties named above (application.properties or .yml,"
            + " environment variables, command-line arguments).",
        cause);
  }
}
