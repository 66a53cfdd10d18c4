package dev.wsgate.spi;

import java.util.List;

/**
 * A configuration value is missing or malformed. Each problem names the full property key (such as
 * {@code wsgate.provider.hmac.secret}) and what was expected; no problem ever contains a secret's
 * value. Thrown at start-up only, by {@link TokenVerifierProvider#create}, {@link ProviderSettings}
 * and the server's configuration loading; immutable.
 */
public final class ConfigurationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  /** One problem. */
  public ConfigurationException(String problem) {
    this(List.of(problem));
  }

  /** Several problems, reported together. */
  public ConfigurationException(List<String> problems) {
    super(String.join(System.lineSeparator(), problems), null, false, false);
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigurationException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  /** Every problem, each naming its key. */
  public List<String> problems() {
    return problems;
  }
}
