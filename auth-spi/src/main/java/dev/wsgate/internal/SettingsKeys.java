package dev.wsgate.internal;

import dev.wsgate.spi.ProviderSettings;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which keys of a {@link ProviderSettings} are set and which its provider read: what the server
 * needs to report keys nobody reads as unknown, and no provider needs. Not API. {@link
 * ProviderSettings} installs the one {@link Access} when its class is initialized, so that these
 * stay off its public surface.
 */
public final class SettingsKeys {
  /** Reads the keys of a settings object; implemented by {@link ProviderSettings} only. */
  public interface Access {
    /** The relative keys set under the prefix. */
    Set<String> present(ProviderSettings settings);

    /** The relative keys the provider asked for, whether set or not. */
    Set<String> read(ProviderSettings settings);
  }

  private static volatile @Nullable Access access;

  private SettingsKeys() {}

  /**
   * Installs the accessor; called once, by {@link ProviderSettings}' static initializer.
   *
   * @throws IllegalStateException when one is installed already
   */
  public static synchronized void install(Access accessor) {
    if (access != null) {
      throw new IllegalStateException("the ProviderSettings accessor is installed already");
    }
    access = Objects.requireNonNull(accessor, "accessor");
  }

  /** The relative keys set under {@code settings}' prefix. */
  public static Set<String> present(ProviderSettings settings) {
    return installed().present(settings);
  }

  /** The relative keys {@code settings}' provider asked for, whether set or not. */
  public static Set<String> read(ProviderSettings settings) {
    return installed().read(settings);
  }

  private static Access installed() {
    // an instance exists, so ProviderSettings' static initializer has run
    return Objects.requireNonNull(access, "ProviderSettings is not initialized");
  }
}
