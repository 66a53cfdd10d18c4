package dev.wsgate.provider.firebase;

import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every setting of the {@code firebase} provider and every default, read from the keys under {@code
 * wsgate.provider.firebase.} (or a tenant's prefix).
 *
 * @param projectId the Firebase project whose ID tokens are accepted ({@code aud}, {@code iss})
 * @param credentials a service-account JSON file (its path, or its content through {@code
 *     ${file:…}}); null when not set. Needed only for {@code check-revoked}
 * @param checkRevoked whether every verification asks Identity Toolkit whether the user is disabled
 *     or its tokens were revoked (one network call per handshake)
 * @param keysUrl where Google's {kid: PEM} certificates are fetched from
 * @param apiUrl the Identity Toolkit base URL used by {@code check-revoked}
 * @param tenantId the Identity Platform tenant every token must carry; empty for none
 * @param allowEmulator whether the Auth emulator ({@code FIREBASE_AUTH_EMULATOR_HOST}, unsigned
 *     tokens) may be used; development only
 * @param connectTimeout the bound on connecting to the certificate and Identity Toolkit servers
 * @param readTimeout the bound on each read from them
 * @param clockSkew the tolerance on {@code exp}, {@code iat} and {@code auth_time}
 */
record FirebaseSettings(
    String projectId,
    Secret credentials,
    boolean checkRevoked,
    URI keysUrl,
    URI apiUrl,
    String tenantId,
    boolean allowEmulator,
    Duration connectTimeout,
    Duration readTimeout,
    Duration clockSkew) {

  /** Google's certificate URL for Firebase ID tokens, hard-coded in firebase-admin. */
  static final URI GOOGLE_KEYS_URL =
      URI.create(
          "https://www.googleapis.com/robot/v1/metadata/x509/securetoken@system.gserviceaccount.com");

  /** Identity Toolkit, called by {@code check-revoked}. */
  static final URI GOOGLE_API_URL = URI.create("https://identitytoolkit.googleapis.com");

  /**
   * How long before a certificate response's {@code max-age} ends a background refresh starts (at
   * most half of it).
   */
  static final Duration REFRESH_AHEAD = Duration.ofMinutes(5);

  /** How long past its {@code max-age} a certificate response stays in use while refreshes fail. */
  static final Duration STALE_IF_ERROR = Duration.ofHours(1);

  static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
  static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(2);

  /** Google Cloud project ids: 6 to 30 lower-case letters, digits and hyphens. */
  private static final Pattern PROJECT_ID = Pattern.compile("[a-z][a-z0-9-]{4,28}[a-z0-9]");

  private static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,127}");

  /** Whether a tenant is required. */
  boolean requiresTenant() {
    return !tenantId.isEmpty();
  }

  /** The service-account credentials, when set. */
  Optional<Secret> serviceAccount() {
    return Optional.ofNullable(credentials);
  }

  /** Reads every key, reporting all problems at once. */
  static FirebaseSettings read(ProviderSettings s) {
    ProviderSettings.Problems problems = new ProviderSettings.Problems();
    String projectId = problems.read(() -> projectId(s), "");
    Secret credentials = problems.read(() -> s.optionalSecret("credentials").orElse(null), null);
    boolean checkRevoked = problems.read(() -> s.bool("check-revoked", false), false);
    URI keysUrl = problems.read(() -> s.url("keys-url").orElse(GOOGLE_KEYS_URL), null);
    URI apiUrl = problems.read(() -> s.url("api-url").orElse(GOOGLE_API_URL), null);
    String tenantId = problems.read(() -> tenantId(s), "");
    boolean allowEmulator = problems.read(() -> s.bool("allow-emulator", false), false);
    Duration connect =
        problems.read(() -> timeout(s, "connect-timeout", DEFAULT_CONNECT_TIMEOUT), null);
    Duration read = problems.read(() -> timeout(s, "read-timeout", DEFAULT_READ_TIMEOUT), null);
    if (checkRevoked && credentials == null) {
      problems.add(
          s.key("credentials")
              + " is required when "
              + s.key("check-revoked")
              + "=true: set it to a service-account JSON file (verifying tokens alone needs only "
              + s.key("project-id")
              + ")");
    }
    problems.throwIfAny();
    return new FirebaseSettings(
        projectId,
        credentials,
        checkRevoked,
        keysUrl,
        apiUrl,
        tenantId,
        allowEmulator,
        connect,
        read,
        s.clockSkew());
  }

  private static String projectId(ProviderSettings s) {
    String id = s.required("project-id");
    if (!PROJECT_ID.matcher(id).matches()) {
      throw s.problem(
          "project-id",
          "must be a Firebase project id (6 to 30 lower-case letters, digits and hyphens), got '"
              + id
              + "'");
    }
    return id;
  }

  private static String tenantId(ProviderSettings s) {
    String id = s.string("tenant-id", "");
    if (!id.isEmpty() && !TENANT_ID.matcher(id).matches()) {
      throw s.problem("tenant-id", "must be an Identity Platform tenant id, got '" + id + "'");
    }
    return id;
  }

  private static Duration timeout(ProviderSettings s, String name, Duration fallback) {
    Duration d = s.duration(name, fallback);
    if (d.isZero() || d.compareTo(Duration.ofMinutes(1)) > 0) {
      throw s.problem(name, "must be between 1ms and 1m, got " + d.toMillis() + "ms");
    }
    return d;
  }
}
