package dev.wsgate.testkit;

import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.spi.VerifiedToken;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A verifier that records every call and answers as scripted. The default script accepts any token
 * for subject {@code user}, expiring an hour after the context's {@code now}. Thread-safe.
 */
public final class RecordingTokenVerifier implements TokenVerifier {

  /** What the verifier does with a call. */
  @FunctionalInterface
  public interface Script {
    VerifiedToken answer(String token, VerificationContext context) throws Exception;
  }

  /** One recorded call. */
  public record Call(String token, VerificationContext context) {}

  private final Script script;
  private final List<Call> calls = new CopyOnWriteArrayList<>();

  private RecordingTokenVerifier(Script script) {
    this.script = script;
  }

  /** Accepts every token. */
  public static RecordingTokenVerifier accepting() {
    return new RecordingTokenVerifier(
        (token, context) ->
            VerifiedToken.builder("recording", "user")
                .expiresAt(context.now().plus(Duration.ofHours(1)))
                .build());
  }

  /** Answers with {@code script}. */
  public static RecordingTokenVerifier answering(Script script) {
    return new RecordingTokenVerifier(script);
  }

  /** The calls so far, in order. */
  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /** The tokens seen so far, in order. */
  public List<String> tokens() {
    return calls.stream().map(Call::token).toList();
  }

  @Override
  public VerifiedToken verify(String token, VerificationContext context)
      throws AuthenticationException {
    calls.add(new Call(token, context));
    return RecordingTokenVerifier.<RuntimeException>sneaky(script, token, context);
  }

  /** Lets a script throw any exception, as a badly behaved provider might (Lombok, Kotlin). */
  @SuppressWarnings("unchecked")
  private static <E extends Exception> VerifiedToken sneaky(
      Script script, String token, VerificationContext context) throws E, AuthenticationException {
    try {
      return script.answer(token, context);
    } catch (AuthenticationException e) {
      throw e;
    } catch (Exception e) {
      throw (E) e;
    }
  }
}
