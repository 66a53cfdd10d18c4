package dev.wsgate.provider.firebase;

import com.google.api.client.json.JsonFactory;
import com.google.api.client.json.gson.GsonFactory;
import com.google.firebase.auth.AbstractFirebaseAuth;
import com.google.firebase.auth.AuthErrorCode;
import com.google.firebase.auth.FirebaseAuthException;
import com.google.firebase.auth.internal.Utils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fetches Google's certificates once at start-up, so that the first handshakes do not wait for them
 * and the verifier reports ready. firebase-admin has no call that only fetches: it fetches when a
 * token passes its content checks. So a well-formed probe with no valid signature is offered; it
 * can only fail, with a signature error (certificates now loaded) or a fetch error (logged;
 * handshakes retry).
 */
final class StartupFetch {
  private static final JsonFactory JSON = GsonFactory.getDefaultInstance();
  private static final System.Logger LOG = System.getLogger(StartupFetch.class.getName());

  private StartupFetch() {}

  static void run(AbstractFirebaseAuth auth, FirebaseSettings settings, Instant now) {
    if (Utils.isEmulatorMode()) {
      return; // the emulator has no certificates
    }
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", "https://securetoken.google.com/" + settings.projectId());
    claims.put("aud", settings.projectId());
    claims.put("sub", "wsgate-startup-probe");
    claims.put("iat", now.getEpochSecond());
    claims.put("auth_time", now.getEpochSecond());
    claims.put("exp", now.getEpochSecond() + 60);
    String probe =
        base64Json(Map.of("alg", "RS256", "kid", "wsgate-startup-probe"))
            + "."
            + base64Json(claims)
            + ".AAAA";
    try {
      auth.verifyIdToken(probe, false);
    } catch (FirebaseAuthException e) {
      if (e.getAuthErrorCode() == AuthErrorCode.CERTIFICATE_FETCH_FAILED) {
        LOG.log(
            Level.WARNING,
            "could not fetch Firebase certificates from {0} at start-up; handshakes will retry",
            settings.keysUrl());
      }
    }
  }

  private static String base64Json(Map<String, Object> value) {
    try {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.toByteArray(value));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
