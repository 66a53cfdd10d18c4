package dev.wsgate.config;

import java.util.ServiceConfigurationError;

/**
 * What a start-up error says about itself without its message, which may quote a setting and so a
 * secret: the class of each throwable in the cause chain, plus the message of those whose message
 * names classes and never data (a missing class, a service file that lists a wrong type).
 */
public final class StartupFailure {
  private static final int MAX_CAUSES = 5;

  private StartupFailure() {}

  /**
   * For example {@code java.util.ServiceConfigurationError: com.example.Module: Provider
   * com.example.TimeModule not a subtype}, or {@code java.lang.IllegalStateException caused by
   * java.lang.NoClassDefFoundError: com/example/Json}.
   */
  public static String describe(Throwable e) {
    StringBuilder out = new StringBuilder();
    Throwable t = e;
    for (int i = 0; t != null && i < MAX_CAUSES; i++, t = t.getCause() == t ? null : t.getCause()) {
      if (i > 0) {
        out.append(" caused by ");
      }
      out.append(t.getClass().getName());
      if (namesOnlyClasses(t) && t.getMessage() != null) {
        out.append(": ").append(t.getMessage());
      }
    }
    return out.toString();
  }

  /**
   * Linkage errors (a missing class, a missing method, a failed class initialisation) and service
   * loading errors describe class names; ClassNotFoundException's message is the class name.
   */
  private static boolean namesOnlyClasses(Throwable t) {
    return (t instanceof LinkageError && !(t instanceof ExceptionInInitializerError))
        || t instanceof ClassNotFoundException
        || t instanceof ServiceConfigurationError;
  }
}
