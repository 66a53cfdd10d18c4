package dev.wsgate.provider.firebase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.firebase.FirebaseApp;
import dev.wsgate.provider.firebase.GoogleStub.Keys;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Identity Platform tenants, and several Firebase projects in one process. */
final class FirebaseTenancyTest {
  private final Instant now = Instant.now();
  private GoogleStub google;

  @BeforeEach
  void start() {
    google =
        new GoogleStub()
            .serveKeys("/project-a/certs", 3600, Keys.A)
            .serveKeys("/project-b/certs", 3600, Keys.B);
  }

  @AfterEach
  void stop() {
    google.close();
  }

  private TokenVerifier create(String project, String keysPath, Map<String, String> extra) {
    return new FirebaseVerifierProvider().create(google.settings(project, keysPath, extra));
  }

  private String token(TestKey key, String project, String tenant) {
    Map<String, Object> c =
        IdTokens.claims(project, "bob", now.minusSeconds(60), now.plusSeconds(600));
    if (tenant != null) {
      @SuppressWarnings("unchecked")
      Map<String, Object> firebase = (Map<String, Object>) c.get("firebase");
      firebase.put("tenant", tenant);
    }
    return IdTokens.sign(key, c);
  }

  private static Failure rejection(TokenVerifier v, String token) {
    AuthenticationException e =
        catchThrowableOfType(
            AuthenticationException.class,
            () -> v.verify(token, VerificationContext.of("t", null, Instant.now())));
    assertThat(e).as("rejected").isNotNull();
    return e.failure();
  }

  @Test
  void verify_tenantIdMatches_acceptedWithTenantClaim() throws Exception {
    try (TokenVerifier v =
        create("project-aaa", "/project-a/certs", Map.of("tenant-id", "acme-x1"))) {
      var t =
          v.verify(token(Keys.A, "project-aaa", "acme-x1"), VerificationContext.of("t", null, now));
      assertThat(t.subject()).isEqualTo("bob");
      assertThat(t.tenant()).isEqualTo("t");
      assertThat(t.claims().get("firebase"))
          .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
          .containsEntry("tenant", "acme-x1");
    }
  }

  @Test
  void verify_otherTenant_rejectsWithWrongAudience() {
    try (TokenVerifier v =
        create("project-aaa", "/project-a/certs", Map.of("tenant-id", "acme-x1"))) {
      assertThat(rejection(v, token(Keys.A, "project-aaa", "globex-y2")))
          .isEqualTo(Failure.WRONG_AUDIENCE);
    }
  }

  @Test
  void verify_tenantRequiredButNoTenantClaim_rejectsWithWrongAudience() {
    try (TokenVerifier v =
        create("project-aaa", "/project-a/certs", Map.of("tenant-id", "acme-x1"))) {
      assertThat(rejection(v, token(Keys.A, "project-aaa", null)))
          .isEqualTo(Failure.WRONG_AUDIENCE);
    }
  }

  @Test
  void verify_twoProjectsSideBySide_eachAcceptsOnlyItsOwn() throws Exception {
    TokenVerifier a = create("project-aaa", "/project-a/certs", Map.of());
    TokenVerifier b = create("project-bbb", "/project-b/certs", Map.of());
    try {
      String tokenA = token(Keys.A, "project-aaa", null);
      String tokenB = token(Keys.B, "project-bbb", null);
      VerificationContext ctx = VerificationContext.of("t", null, now);

      assertThat(a.verify(tokenA, ctx).issuer()).endsWith("/project-aaa");
      assertThat(b.verify(tokenB, ctx).issuer()).endsWith("/project-bbb");
      assertThat(rejection(a, tokenB)).isEqualTo(Failure.WRONG_AUDIENCE);
      assertThat(rejection(b, tokenA)).isEqualTo(Failure.WRONG_AUDIENCE);
      // project b's key, project a's claims: a does not trust b's certificates
      assertThat(rejection(a, token(Keys.B, "project-aaa", null))).isEqualTo(Failure.UNKNOWN_KEY);

      a.close();
      assertThat(b.verify(tokenB, ctx).subject()).isEqualTo("bob");
    } finally {
      a.close();
      b.close();
    }
  }

  @Test
  void close_ownFirebaseAppWithUniqueName_deleted() {
    List<String> before = appNames();
    TokenVerifier one = create("project-aaa", "/project-a/certs", Map.of());
    TokenVerifier two = create("project-aaa", "/project-a/certs", Map.of());
    List<String> during = appNames();
    one.close();
    two.close();
    one.close(); // idempotent

    assertThat(during).hasSize(before.size() + 2).doesNotHaveDuplicates();
    assertThat(appNames()).isEqualTo(before);
  }

  private static List<String> appNames() {
    return FirebaseApp.getApps().stream()
        .map(FirebaseApp::getName)
        .sorted()
        .collect(Collectors.toList());
  }
}
