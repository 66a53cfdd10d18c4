package dev.wsgate.example.apikey;

import dev.wsgate.spi.ProviderSettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The settings of the {@code apikey} plugin and their defaults.
 *
 * @param keysFile the file listing the accepted keys by their SHA-256
 * @param reloadInterval how often a handshake may check whether the file changed; zero checks on
 *     every handshake
 * @param clockSkew the tolerance for a key's expiry
 */
record ApiKeySettings(Path keysFile, Duration reloadInterval, Duration clockSkew) {
  static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(30);

  static ApiKeySettings from(ProviderSettings s) {
    Path file = Path.of(s.required("keys-file"));
    Duration reload = s.duration("reload-interval", DEFAULT_RELOAD_INTERVAL);
    return new ApiKeySettings(file, reload, s.clockSkew());
  }
}
