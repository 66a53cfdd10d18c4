package dev.wsgate.provider.firebase;

import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.firebase.FirebaseApp;
import com.google.firebase.FirebaseOptions;
import com.google.firebase.auth.AbstractFirebaseAuth;
import com.google.firebase.auth.FirebaseAuth;
import com.google.firebase.auth.internal.Utils;
import com.google.firebase.auth.multitenancy.TenantManager;
import dev.wsgate.internal.keys.KeyPolicy;
import dev.wsgate.internal.keys.KeyScheduler;
import dev.wsgate.internal.keys.KeySet;
import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.Secret;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.TokenVerifierProvider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code firebase} provider: Firebase ID tokens, verified by firebase-admin. Each verifier owns
 * a {@link FirebaseApp} with a unique name, deleted when the verifier is closed, so tenants can
 * verify different Firebase projects side by side. Settings are listed in the module's README.
 */
public final class FirebaseVerifierProvider implements TokenVerifierProvider {
  private static final System.Logger LOG =
      System.getLogger(FirebaseVerifierProvider.class.getName());
  private static final AtomicLong APPS = new AtomicLong();

  /** Does no work; called by {@link java.util.ServiceLoader}. */
  public FirebaseVerifierProvider() {}

  @Override
  public String id() {
    return FirebaseTokenVerifier.ID;
  }

  /**
   * Creates a verifier for one tenant. Google's certificates are first fetched here, in the
   * background on the verifier's own daemon thread ({@code wsgate-firebase-keys-<tenant>});
   * handshakes that arrive meanwhile wait for it, and a failure is logged and retried (see the
   * module README).
   */
  @Override
  public TokenVerifier create(ProviderSettings settings) {
    return create(
        settings,
        settings.clock(),
        KeyScheduler.thread("wsgate-firebase-keys-" + settings.tenant()));
  }

  /** {@link #create(ProviderSettings)} with the key set's time and thread given by the caller. */
  static TokenVerifier create(ProviderSettings settings, Clock clock, KeyScheduler scheduler) {
    FirebaseSettings s;
    try {
      s = FirebaseSettings.read(settings);
      checkEmulator(s, settings);
    } catch (RuntimeException e) {
      scheduler.close();
      throw e;
    }
    KeySet<GoogleCertificates> keys =
        new KeySet<>(
            new GoogleCertificateSource(s, settings.events()),
            new KeyPolicy(FirebaseSettings.REFRESH_AHEAD, FirebaseSettings.STALE_IF_ERROR),
            clock,
            scheduler);
    SdkCertificateFeed feed = new SdkCertificateFeed(keys);
    NetHttpTransport transport = RoutingConnectionFactory.transport(s, feed);
    FirebaseApp app;
    try {
      app = initializeApp(s, settings, transport);
    } catch (RuntimeException e) {
      keys.close();
      throw e;
    }
    try {
      AbstractFirebaseAuth auth =
          s.requiresTenant()
              ? new TenantManager(app).getAuthForTenant(s.tenantId())
              : FirebaseAuth.getInstance(app);
      FirebaseTokenVerifier verifier =
          new FirebaseTokenVerifier(s, app, auth, keys, feed, scheduler);
      if (!Utils.isEmulatorMode()) {
        keys.start(); // the emulator has no certificates
      }
      return verifier;
    } catch (RuntimeException e) {
      keys.close();
      app.delete();
      throw e;
    }
  }

  private static FirebaseApp initializeApp(
      FirebaseSettings s, ProviderSettings settings, NetHttpTransport transport) {
    GoogleCredentials credentials =
        s.serviceAccount()
            .map(c -> serviceAccount(c, transport, settings))
            // verifying needs no credential: the SDK only wants one to exist
            .orElseGet(() -> GoogleCredentials.create(new AccessToken("wsgate-unused", null)));
    FirebaseOptions options =
        FirebaseOptions.builder()
            .setProjectId(s.projectId())
            .setCredentials(credentials)
            .setHttpTransport(transport)
            .setConnectTimeout((int) s.connectTimeout().toMillis())
            .setReadTimeout((int) s.readTimeout().toMillis())
            .build();
    String name = "wsgate-firebase-" + settings.tenant() + "-" + APPS.incrementAndGet();
    return FirebaseApp.initializeApp(options, name);
  }

  private static void checkEmulator(FirebaseSettings s, ProviderSettings settings) {
    if (!Utils.isEmulatorMode()) {
      return;
    }
    if (!s.allowEmulator()) {
      throw settings.problem(
          "allow-emulator",
          "is false but FIREBASE_AUTH_EMULATOR_HOST is set: firebase-admin would accept unsigned"
              + " tokens. Unset the variable, or set "
              + settings.key("allow-emulator")
              + "=true for local development only");
    }
    LOG.log(
        Level.WARNING,
        "!!! {0}=true and FIREBASE_AUTH_EMULATOR_HOST={1}: Firebase ID tokens are NOT signature"
            + " checked and anyone can forge one. Development only; never run this in production."
            + " !!!",
        settings.key("allow-emulator"),
        Utils.getEmulatorHost());
  }

  private static GoogleCredentials serviceAccount(
      Secret credentials, NetHttpTransport transport, ProviderSettings settings) {
    String value = credentials.reveal().trim();
    boolean inline = value.startsWith("{");
    GoogleCredentials c;
    try {
      byte[] json = inline ? value.getBytes(StandardCharsets.UTF_8) : read(value);
      c = GoogleCredentials.fromStream(new ByteArrayInputStream(json), () -> transport);
    } catch (IOException | RuntimeException e) {
      // never echo the content: it holds a private key
      throw settings.problem(
          "credentials",
          (inline ? "is not" : "'" + value + "' is not")
              + " a readable service-account JSON file ("
              + e.getClass().getSimpleName()
              + ")");
    }
    if (!(c instanceof ServiceAccountCredentials)) {
      throw settings.problem("credentials", "must be a service-account JSON file");
    }
    return c;
  }

  private static byte[] read(String path) throws IOException {
    return Files.readAllBytes(Path.of(path));
  }
}
