package dev.wsgate.provider.firebase;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.firebase.internal.FirebaseProcessEnvironment;
import dev.wsgate.provider.firebase.GoogleStub.Keys;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.ConfigurationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import java.text.MessageFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class FirebaseSettingsTest {
  private static final String EMULATOR = "FIREBASE_AUTH_EMULATOR_HOST";
  private static final String P = GoogleStub.PREFIX;

  @AfterEach
  void clearEmulator() {
    FirebaseProcessEnvironment.clearCache();
  }

  private static ProviderSettings settings(Map<String, String> values) {
    return ProviderSettings.builder(P).values(values).build();
  }

  private static ConfigurationException createFails(Map<String, String> values) {
    ConfigurationException e =
        catchThrowableOfType(
            ConfigurationException.class,
            () -> new FirebaseVerifierProvider().create(settings(values)).close());
    assertThat(e).as("create() refused").isNotNull();
    return e;
  }

  @Test
  void read_onlyProjectId_allDefaults() {
    FirebaseSettings s = FirebaseSettings.read(settings(Map.of("project-id", "my-project")));

    assertThat(s.projectId()).isEqualTo("my-project");
    assertThat(s.serviceAccount()).isEmpty();
    assertThat(s.checkRevoked()).isFalse();
    assertThat(s.keysUrl()).isEqualTo(FirebaseSettings.GOOGLE_KEYS_URL);
    assertThat(s.apiUrl()).isEqualTo(FirebaseSettings.GOOGLE_API_URL);
    assertThat(s.requiresTenant()).isFalse();
    assertThat(s.allowEmulator()).isFalse();
    assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.readTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.clockSkew()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void create_noProjectId_namesProjectIdKey() {
    assertThat(createFails(Map.of()).problems())
        .containsExactly(P + "project-id is required but not set");
  }

  @Test
  void create_checkRevokedWithoutCredentials_namesCredentialsKey() {
    ConfigurationException e =
        createFails(Map.of("project-id", "my-project", "check-revoked", "true"));
    assertThat(e.problems())
        .singleElement()
        .asString()
        .startsWith(P + "credentials is required when " + P + "check-revoked=true")
        .contains("service-account");
  }

  @Test
  void create_severalBadKeys_reportsEveryProblem() {
    ConfigurationException e =
        createFails(
            Map.of(
                "project-id", "Bad Project",
                "keys-url", "ftp://mirror.example.com/certs",
                "check-revoked", "maybe",
                "read-timeout", "0ms",
                "tenant-id", "no spaces please"));
    assertThat(e.problems())
        .hasSize(5)
        .anySatisfy(p -> assertThat(p).startsWith(P + "project-id "))
        .anySatisfy(p -> assertThat(p).startsWith(P + "keys-url "))
        .anySatisfy(p -> assertThat(p).startsWith(P + "check-revoked "))
        .anySatisfy(p -> assertThat(p).startsWith(P + "read-timeout "))
        .anySatisfy(p -> assertThat(p).startsWith(P + "tenant-id "));
  }

  @Test
  void create_credentialsNotAServiceAccount_namesKeyNeverContent() {
    String userCredentials =
        "{\"type\":\"authorized_user\",\"client_id\":\"c\",\"client_secret\":\"TOP-SECRET-VALUE\","
            + "\"refresh_token\":\"r\"}";
    ConfigurationException e =
        createFails(
            Map.of(
                "project-id", "my-project",
                "check-revoked", "true",
                "credentials", userCredentials));
    assertThat(e.getMessage())
        .contains(P + "credentials")
        .contains("service-account")
        .doesNotContain("TOP-SECRET-VALUE");
  }

  @Test
  void create_credentialsFileMissing_namesKeyAndPath() {
    ConfigurationException e =
        createFails(
            Map.of(
                "project-id", "my-project",
                "check-revoked", "true",
                "credentials", "/nonexistent/sa.json"));
    assertThat(e.getMessage()).contains(P + "credentials").contains("/nonexistent/sa.json");
  }

  @Test
  void toString_withCredentials_masksThem() {
    FirebaseSettings s =
        FirebaseSettings.read(
            settings(Map.of("project-id", "my-project", "credentials", "{\"private_key\":\"K\"}")));
    assertThat(s.toString()).contains("****").doesNotContain("private_key");
  }

  @Test
  void create_emulatorHostSetWithoutAllow_refusesNamingAllowEmulator() {
    FirebaseProcessEnvironment.setenv(EMULATOR, "127.0.0.1:9099");
    ConfigurationException e = createFails(Map.of("project-id", "my-project"));
    assertThat(e.problems())
        .singleElement()
        .asString()
        .startsWith(P + "allow-emulator ")
        .contains(EMULATOR)
        .contains("unsigned");
  }

  @Test
  void verify_emulatorAllowed_acceptsUnsignedToken() throws Exception {
    // in emulator mode the SDK also looks the user up in the emulator on every call
    try (GoogleStub emulator = new GoogleStub()) {
      emulator.server.stubFor(
          post(urlPathMatching(".*/v1/projects/my-project/accounts:lookup"))
              .willReturn(okJson("{\"users\":[{\"localId\":\"dev-user\"}]}")));
      FirebaseProcessEnvironment.setenv(EMULATOR, "127.0.0.1:" + emulator.server.port());
      verifyUnsignedAccepted();
    }
  }

  @Test
  void create_emulatorAllowed_warnsLoudly() {
    List<LogRecord> records = new ArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            records.add(r);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger jul = Logger.getLogger(FirebaseVerifierProvider.class.getName());
    jul.addHandler(capture);
    FirebaseProcessEnvironment.setenv(EMULATOR, "127.0.0.1:9099");
    try {
      new FirebaseVerifierProvider()
          .create(settings(Map.of("project-id", "my-project", "allow-emulator", "true")))
          .close();
    } finally {
      jul.removeHandler(capture);
    }
    assertThat(records)
        .anySatisfy(
            r -> {
              assertThat(r.getLevel()).isEqualTo(java.util.logging.Level.WARNING);
              assertThat(MessageFormat.format(r.getMessage(), r.getParameters()))
                  .contains(P + "allow-emulator=true")
                  .contains("NOT signature checked")
                  .contains("127.0.0.1:9099");
            });
  }

  private static void verifyUnsignedAccepted() throws Exception {
    Instant now = Instant.now();
    String unsigned =
        IdTokens.unsigned(
            Map.of("alg", "none", "typ", "JWT"),
            IdTokens.claims("my-project", "dev-user", now.minusSeconds(5), now.plusSeconds(600)),
            "");
    try (TokenVerifier v =
        new FirebaseVerifierProvider()
            .create(settings(Map.of("project-id", "my-project", "allow-emulator", "true")))) {
      assertThat(v.verify(unsigned, VerificationContext.of("d", null, now)).subject())
          .isEqualTo("dev-user");
    }
  }

  @Test
  void verify_emulatorHostSetAfterStart_rejectsWithInternalError() {
    try (GoogleStub google = new GoogleStub().serveKeys("/certs", 3600, Keys.A);
        TokenVerifier v =
            new FirebaseVerifierProvider()
                .create(google.settings("my-project", "/certs", Map.of()))) {
      FirebaseProcessEnvironment.setenv(EMULATOR, "127.0.0.1:9099");
      Instant now = Instant.now();
      String token =
          IdTokens.sign(
              Keys.A,
              IdTokens.claims("my-project", "u", now.minusSeconds(5), now.plusSeconds(600)));
      AuthenticationException e =
          catchThrowableOfType(
              AuthenticationException.class,
              () -> v.verify(token, VerificationContext.of("d", null, now)));
      assertThat(e.failure()).isEqualTo(Failure.INTERNAL_ERROR);
    }
  }
}
