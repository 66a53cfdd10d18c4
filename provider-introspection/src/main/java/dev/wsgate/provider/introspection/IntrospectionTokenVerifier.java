package dev.wsgate.provider.introspection;

import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.spi.VerifiedToken;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Asks the authorization server about each token (RFC 7662): one {@code POST} of the token to the
 * introspection endpoint, authenticated as the gate's client, then {@link IntrospectionClaims}
 * judges the answer. An endpoint that cannot be reached, does not answer within {@code
 * connect-timeout + read-timeout}, answers other than 200 or sends an unreadable or oversized
 * answer is {@link Failure#PROVIDER_UNAVAILABLE}; an inactive token is {@link
 * Failure#TOKEN_INACTIVE}.
 *
 * <p>{@link #verifyAsync} holds no thread while it waits (the JDK client's {@code sendAsync});
 * {@link #verify} waits for the same exchange and gives up when interrupted, keeping the interrupt.
 * The server's verified-token cache keeps an answer at most {@link #cacheMaxAge()}. Thread-safe.
 */
public final class IntrospectionTokenVerifier implements TokenVerifier {
  private static final System.Logger LOG =
      System.getLogger(IntrospectionTokenVerifier.class.getName());
  private static final byte[] NO_BODY = new byte[0];

  private final IntrospectionSettings settings;
  private final ExecutorService executor;
  private final HttpClient client;
  private final String basicAuthorization;

  private IntrospectionTokenVerifier(IntrospectionSettings settings, String tenant) {
    this.settings = settings;
    AtomicInteger n = new AtomicInteger();
    // the client's own threads, daemons that close() stops; they only parse answers, never wait
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t =
                  new Thread(r, "wsgate-introspection-" + tenant + "-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(settings.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .executor(executor)
            .build();
    this.basicAuthorization =
        settings.clientAuth().equals(IntrospectionSettings.CLIENT_SECRET_BASIC)
            ? "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        (form(settings.clientId()) + ":" + form(settings.clientSecret().reveal()))
                            .getBytes(StandardCharsets.UTF_8))
            : null;
  }

  /** A verifier for {@code tenant}; makes no call yet. */
  public static IntrospectionTokenVerifier start(IntrospectionSettings settings, String tenant) {
    return new IntrospectionTokenVerifier(settings, tenant);
  }

  @Override
  public VerifiedToken verify(String token, VerificationContext context)
      throws AuthenticationException {
    CompletableFuture<VerifiedToken> answer = introspect(token, context);
    try {
      return answer.get();
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      throw new AuthenticationException(
          Failure.PROVIDER_UNAVAILABLE, "token introspection was interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AuthenticationException) {
        throw (AuthenticationException) e.getCause();
      }
      throw unavailable(e.getCause());
    }
  }

  /** The same exchange as {@link #verify}; {@code executor} is not needed: nothing blocks. */
  @Override
  public CompletionStage<VerifiedToken> verifyAsync(
      String token, VerificationContext context, Executor executor) {
    return introspect(token, context);
  }

  private CompletableFuture<VerifiedToken> introspect(String token, VerificationContext context) {
    CompletableFuture<VerifiedToken> result = new CompletableFuture<>();
    CompletableFuture<HttpResponse<byte[]>> exchange;
    try {
      exchange =
          client
              .sendAsync(request(token), this::body)
              .orTimeout(settings.exchangeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      // a closed verifier's executor refuses the exchange
      result.completeExceptionally(unavailable(e));
      return result;
    }
    exchange.whenComplete(
        (response, error) -> {
          try {
            result.complete(judge(response, error, context));
          } catch (AuthenticationException e) {
            result.completeExceptionally(e);
          } catch (RuntimeException e) {
            result.completeExceptionally(unavailable(e));
          }
        });
    // the gate cancels a verification past its timeout: the exchange goes with it
    result.whenComplete(
        (v, e) -> {
          if (e instanceof CancellationException) {
            exchange.cancel(true);
          }
        });
    return result;
  }

  private HttpResponse.BodySubscriber<byte[]> body(HttpResponse.ResponseInfo info) {
    if (info.statusCode() != 200) {
      return BodySubscribers.replacing(NO_BODY);
    }
    long declared = info.headers().firstValueAsLong("content-length").orElse(-1);
    return new CappedBody(settings.maxResponseBytes(), declared);
  }

  private HttpRequest request(String token) {
    StringBuilder form = new StringBuilder("token=").append(form(token));
    if (!settings.tokenTypeHint().isEmpty()) {
      form.append("&token_type_hint=").append(form(settings.tokenTypeHint()));
    }
    HttpRequest.Builder b =
        HttpRequest.newBuilder(settings.url())
            .timeout(settings.readTimeout())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json");
    if (basicAuthorization != null) {
      b.header("Authorization", basicAuthorization);
    } else {
      form.append("&client_id=")
          .append(form(settings.clientId()))
          .append("&client_secret=")
          .append(form(settings.clientSecret().reveal()));
    }
    return b.POST(HttpRequest.BodyPublishers.ofString(form.toString(), StandardCharsets.UTF_8))
        .build();
  }

  private VerifiedToken judge(
      HttpResponse<byte[]> response, Throwable error, VerificationContext context)
      throws AuthenticationException {
    if (error != null) {
      throw unavailable(error);
    }
    int status = response.statusCode();
    if (status != 200) {
      // 401/403: the endpoint refuses the gate's own credentials, a configuration problem
      LOG.log(
          status >= 500 ? Level.DEBUG : Level.WARNING,
          "introspection endpoint {0} answered HTTP {1}{2}",
          settings.url(),
          status,
          status == 401 || status == 403 ? "; check client-id, client-secret and client-auth" : "");
      throw new AuthenticationException(
          Failure.PROVIDER_UNAVAILABLE, "the authorization server answered HTTP " + status);
    }
    Map<String, Object> answer;
    try {
      answer = JsonAnswer.parse(response.body());
    } catch (IOException e) {
      LOG.log(Level.WARNING, "introspection endpoint {0}: {1}", settings.url(), e.getMessage());
      throw new AuthenticationException(
          Failure.PROVIDER_UNAVAILABLE, "the authorization server's answer is not readable");
    }
    return IntrospectionClaims.check(answer, settings, context);
  }

  /** An outage: no connection, no answer in time, a broken exchange. */
  private AuthenticationException unavailable(Throwable error) {
    Throwable cause = error instanceof CompletionException ? error.getCause() : error;
    if (cause instanceof CappedBody.ResponseTooLargeException) {
      LOG.log(Level.WARNING, "introspection endpoint {0}: {1}", settings.url(), cause.getMessage());
    } else {
      LOG.log(
          Level.DEBUG,
          "introspection endpoint {0} unavailable: {1}",
          settings.url(),
          cause == null ? "?" : cause.getClass().getName());
    }
    String why =
        cause instanceof TimeoutException || cause instanceof java.net.http.HttpTimeoutException
            ? "the authorization server did not answer in time"
            : "the authorization server is unavailable";
    return new AuthenticationException(Failure.PROVIDER_UNAVAILABLE, why);
  }

  private static String form(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** Every call may wait for the authorization server. */
  @Override
  public boolean mayBlock() {
    return true;
  }

  /** Nothing to load ahead: ready from the start. */
  @Override
  public boolean isReady() {
    return true;
  }

  @Override
  public Optional<Duration> cacheMaxAge() {
    return Optional.of(settings.cacheMaxAge());
  }

  /** Stops the client's threads; later verifications are PROVIDER_UNAVAILABLE. Idempotent. */
  @Override
  public void close() {
    executor.shutdownNow();
  }

  @Override
  public String toString() {
    return "IntrospectionTokenVerifier[" + settings.url() + "]";
  }
}
