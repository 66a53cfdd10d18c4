package dev.wsgate.provider.hmac;

import com.nimbusds.jose.shaded.gson.Gson;
import com.nimbusds.jose.shaded.gson.GsonBuilder;
import com.nimbusds.jose.shaded.gson.Strictness;
import com.nimbusds.jose.shaded.gson.ToNumberPolicy;
import com.nimbusds.jose.shaded.gson.reflect.TypeToken;
import java.text.ParseException;
import java.util.Map;

/**
 * Parses a JSON object exactly as nimbus's {@code JSONObjectUtils.parse(String)} does (the Gson
 * nimbus shades, configured as nimbus configures it: strict, numbers as Long or Double, duplicate
 * keys and excessive nesting refused), without the {@code TypeToken.getParameterized} that nimbus
 * builds on every call (7% of an HS256 verification in a JFR profile). {@code JsonObjectsTest}
 * holds it to {@code JSONObjectUtils} on hostile inputs; a nimbus upgrade that changes the shaded
 * package fails the build, not the behaviour.
 */
final class JsonObjects {
  private static final Gson GSON =
      new GsonBuilder()
          .setStrictness(Strictness.STRICT)
          .serializeNulls()
          .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
          .disableHtmlEscaping()
          .create();

  private static final TypeToken<Map<String, Object>> OBJECT = new TypeToken<>() {};

  private JsonObjects() {}

  /**
   * The object {@code json} holds, or null for the JSON literal {@code null}.
   *
   * @throws ParseException when {@code json} is not one JSON object
   */
  static Map<String, Object> parse(String json) throws ParseException {
    if (json.trim().isEmpty()) {
      throw new ParseException("Invalid JSON object", 0);
    }
    try {
      return GSON.fromJson(json, OBJECT);
    } catch (Exception e) {
      throw new ParseException("Invalid JSON object", 0);
    } catch (StackOverflowError e) {
      throw new ParseException("Excessive JSON object and / or array nesting", 0);
    }
  }
}
