package dev.wsgate.example.apikey;

import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.spi.VerifiedToken;
import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * Accepts a key whose SHA-256 is listed in the keys file and has not expired.
 *
 * <p>Thread-safe and without background threads: a handshake that finds the last check older than
 * the reload interval looks at the file's modification time and re-reads it when it changed. A file
 * that became unreadable or invalid keeps the previous keys in force, with one log line.
 */
final class ApiKeyTokenVerifier implements TokenVerifier {
  private static final System.Logger LOG = System.getLogger(ApiKeyTokenVerifier.class.getName());

  private final ApiKeySettings settings;
  private final Object reloadLock = new Object();
  private volatile ApiKeyFile file;
  private volatile long checkedAtNanos;

  ApiKeyTokenVerifier(ApiKeySettings settings, ApiKeyFile file) {
    this.settings = settings;
    this.file = file;
    this.checkedAtNanos = System.nanoTime();
  }

  @Override
  public VerifiedToken verify(String token, VerificationContext context)
      throws AuthenticationException {
    ApiKeyFile.Entry entry = current().keys().get(ApiKeyFile.digest(token));
    if (entry == null) {
      throw new AuthenticationException(Failure.INVALID_SIGNATURE, "the API key is not known");
    }
    if (!context.now().isBefore(entry.expires().plus(settings.clockSkew()))) {
      throw new AuthenticationException(Failure.EXPIRED, "the API key expired");
    }
    return VerifiedToken.builder("apikey", entry.subject())
        .expiresAt(entry.expires())
        .scopes(entry.scopes())
        .tenant(context.tenant())
        .build();
  }

  private ApiKeyFile current() {
    if (System.nanoTime() - checkedAtNanos < settings.reloadInterval().toNanos()) {
      return file;
    }
    synchronized (reloadLock) {
      if (System.nanoTime() - checkedAtNanos >= settings.reloadInterval().toNanos()) {
        try {
          if (!ApiKeyFile.version(settings.keysFile()).equals(file.version())) {
            file = ApiKeyFile.read(settings.keysFile());
          }
        } catch (IOException | IllegalArgumentException e) {
          LOG.log(
              Level.WARNING,
              "keys file {0} could not be reloaded ({1}); the previous keys stay in force",
              settings.keysFile(),
              e.getClass().getSimpleName());
        }
        checkedAtNanos = System.nanoTime();
      }
      return file;
    }
  }
}
