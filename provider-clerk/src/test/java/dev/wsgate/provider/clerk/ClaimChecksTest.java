package dev.wsgate.provider.clerk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The default issuer rule and origin normalisation, edge by edge. */
final class ClaimChecksTest {

  @Test
  void isClerkFrontendApi_developmentAndProductionInstances_accepted() {
    assertThat(ClaimChecks.isClerkFrontendApi("https://happy-otter-42.clerk.accounts.dev"))
        .isTrue();
    assertThat(ClaimChecks.isClerkFrontendApi("https://clerk.example.com")).isTrue();
    assertThat(ClaimChecks.isClerkFrontendApi("https://clerk.app.example.co.uk")).isTrue();
  }

  @Test
  void isClerkFrontendApi_lookalikes_rejected() {
    for (String iss :
        new String[] {
          "http://happy-otter-42.clerk.accounts.dev",
          "https://clerk.accounts.dev",
          "https://.clerk.accounts.dev",
          "https://evil.example/clerk.accounts.dev",
          "https://happy-otter-42.clerk.accounts.dev.evil.example/x",
          "https://happy-otter-42.clerk.accounts.dev:8443",
          "https://happy-otter-42.clerk.accounts.dev/",
          "https://user@clerk.example.com",
          "https://clerk.com",
          "https://clerk.",
          "https://notclerk.example.com",
          "https://issuer.example.com",
          "clerk.example.com",
          "https://clerk.example.com?x=1",
          ""
        }) {
      assertThat(ClaimChecks.isClerkFrontendApi(iss)).as(iss).isFalse();
    }
  }

  @Test
  void normalise_browserForms_compareEqual() {
    assertThat(Origins.normalise("HTTPS://App.Example.COM:443"))
        .contains("https://app.example.com");
    assertThat(Origins.normalise("http://localhost:3000")).contains("http://localhost:3000");
    assertThat(Origins.normalise("http://localhost:80")).contains("http://localhost");
  }

  @Test
  void normalise_notAnOrigin_empty() {
    for (String v :
        new String[] {
          "https://*.example.com",
          "https://a.example.com/",
          "https://a.example.com/x",
          "ftp://a.example.com",
          "null",
          "",
          "https://u@a.example.com",
          "https://a.example.com?q"
        }) {
      assertThat(Origins.normalise(v)).as(v).isEmpty();
    }
  }
}
