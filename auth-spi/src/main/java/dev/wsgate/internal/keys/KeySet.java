package dev.wsgate.internal.keys;

import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * A provider's signing keys, fetched from its {@link KeySource} and looked up by {@code kid}
 * without holding a thread while a fetch runs. The rules:
 *
 * <ul>
 *   <li><b>Single flight</b>: at most one fetch runs; every lookup that needs it waits on it.
 *   <li><b>Refresh ahead</b>: from {@code ttl - refreshAhead} on, a lookup starts a background
 *       refresh and is answered from the keys held; nobody waits for it.
 *   <li><b>Stale if error</b>: while refreshes fail, the keys held are used until {@code ttl +
 *       staleIfError}; a failed refresh is retried at most once per {@link #REFETCH_COOLDOWN}.
 *   <li><b>Unknown {@code kid}</b>: a {@code kid} the held keys lack joins the fetch in flight, or
 *       starts a refetch if none was started for an unknown {@code kid} within {@link
 *       #REFETCH_COOLDOWN}; otherwise it is {@link Failure#UNKNOWN_KEY} at once. A storm of forged
 *       {@code kid}s costs at most one fetch per cooldown.
 *   <li><b>No keys held</b> (before the first success, or past stale-if-error): a failed fetch is
 *       retried in the background after {@link #FIRST_RETRY}, doubling to at most {@link
 *       #MAX_RETRY}, each wait drawn from the upper half of its step; a lookup waits for a fetch in
 *       flight, or is {@link Failure#PROVIDER_UNAVAILABLE} at once. One fetch per step reaches a
 *       key server that is down, and the first after it returns loads the keys.
 * </ul>
 *
 * <p>Lookups complete exceptionally only with an {@link AuthenticationException} ({@code
 * UNKNOWN_KEY} or {@code PROVIDER_UNAVAILABLE}). A lookup answered from the keys held completes at
 * once, on the caller's thread; one that waits completes on the fetch thread, so what depends on it
 * there must not block. Cache times are read from the injected {@link Clock}; retries are timed by
 * the {@link KeyScheduler}. Thread-safe.
 *
 * @param <S> the provider's key set
 */
public final class KeySet<S> implements AutoCloseable {
  /**
   * The least time between two refetches caused by unknown {@code kid}s, or failed refreshes. Short
   * enough that a key published just after a refetch is accepted within 5 s, even by a provider
   * whose SDK takes up to a second to read new keys.
   */
  public static final Duration REFETCH_COOLDOWN = Duration.ofSeconds(4);

  /** The first retry step after a failed fetch while no keys are held. */
  public static final Duration FIRST_RETRY = Duration.ofMillis(500);

  /**
   * The longest retry step while no keys are held: short enough that the first handshake after the
   * key server returns is accepted within 3 s.
   */
  public static final Duration MAX_RETRY = Duration.ofMillis(2500);

  private static final System.Logger LOG = System.getLogger(KeySet.class.getName());
  private static final long NEVER = Long.MIN_VALUE;

  private final KeySource<S> source;
  private final KeyPolicy policy;
  private final Clock clock;
  private final KeyScheduler scheduler;
  private final DoubleSupplier random;

  private Held<S> held; // guarded by this
  private CompletableFuture<Held<S>> inFlight; // guarded by this
  private KeyScheduler.Cancellable retry; // guarded by this
  private int failures; // guarded by this; consecutive
  private long kidRefetchAt = NEVER; // guarded by this
  private long refreshNotBefore = NEVER; // guarded by this
  private boolean closed; // guarded by this
  private volatile Held<S> published; // what held() and isReady() read without the lock

  /** A key set with random retry jitter; {@link #start()} begins fetching. */
  public KeySet(KeySource<S> source, KeyPolicy policy, Clock clock, KeyScheduler scheduler) {
    this(source, policy, clock, scheduler, () -> ThreadLocalRandom.current().nextDouble());
  }

  /**
   * A key set whose retry jitter comes from {@code random} (values in {@code [0, 1)}); owns {@code
   * scheduler} and closes it.
   */
  public KeySet(
      KeySource<S> source,
      KeyPolicy policy,
      Clock clock,
      KeyScheduler scheduler,
      DoubleSupplier random) {
    this.source = Objects.requireNonNull(source, "source");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** Starts the first fetch in the background, so that the first handshake finds the keys. */
  public synchronized void start() {
    if (!closed && held == null && inFlight == null && retry == null) {
      startFetch();
    }
  }

  /**
   * The keys, once they hold {@code kid}; see the class comment for when that waits for a fetch.
   * Completes exceptionally with {@code UNKNOWN_KEY} when a fetch did not bring {@code kid} or no
   * refetch is allowed yet, and with {@code PROVIDER_UNAVAILABLE} when no fetch succeeded.
   */
  public CompletableFuture<S> forKid(String kid) {
    return lookup(Objects.requireNonNull(kid, "kid"), true);
  }

  /** The keys held, or those of the fetch in flight, for a token that names no {@code kid}. */
  public CompletableFuture<S> any() {
    return lookup(null, true);
  }

  /** The keys usable now, without waiting or fetching; empty when none are. */
  public Optional<S> held() {
    Held<S> h = published;
    return h != null && clock.millis() < h.staleUntil() ? Optional.of(h.keys()) : Optional.empty();
  }

  /**
   * Whether keys are held. Never blocks; when none are and nothing is under way (keys aged past
   * stale-if-error without a handshake to notice), it starts a fetch in the background.
   */
  public boolean isReady() {
    if (held().isPresent()) {
      return true;
    }
    synchronized (this) {
      if (!closed && current(clock.millis()) == null && inFlight == null && retry == null) {
        startFetch();
      }
    }
    return false;
  }

  private CompletableFuture<S> lookup(String kid, boolean mayRetry) {
    long now = clock.millis();
    CompletableFuture<Held<S>> fetch;
    boolean forThisKid = false;
    synchronized (this) {
      if (closed) {
        return unavailable();
      }
      Held<S> h = current(now);
      if (h != null) {
        if (inFlight == null && now >= h.refreshAt() && now >= refreshNotBefore) {
          startFetch(); // refresh ahead: this lookup is answered from the keys held
        }
        if (kid == null || h.kids().contains(kid)) {
          return CompletableFuture.completedFuture(h.keys());
        }
        if (inFlight != null && mayRetry) {
          fetch = inFlight;
        } else if (inFlight == null
            && (kidRefetchAt == NEVER || now - kidRefetchAt >= REFETCH_COOLDOWN.toMillis())) {
          kidRefetchAt = now;
          fetch = startFetch();
          forThisKid = true;
        } else {
          return unknownKey();
        }
      } else if (inFlight != null) {
        fetch = inFlight;
      } else if (retry == null) {
        fetch = startFetch(); // never started, or the keys aged out with nothing under way
      } else {
        return unavailable(); // the next retry is scheduled: fail fast until then
      }
    }
    boolean again = mayRetry && !forThisKid && kid != null;
    return fetch.handle((h, error) -> settle(kid, h, error, again)).thenCompose(f -> f);
  }

  private CompletableFuture<S> settle(String kid, Held<S> h, Throwable error, boolean again) {
    if (error != null) {
      // no keys, or held keys without this kid (else it would not have waited): cannot tell
      return unavailable();
    }
    if (kid == null || h.kids().contains(kid)) {
      return CompletableFuture.completedFuture(h.keys());
    }
    // the fetch it joined may have started before the key was published: one refetch of its own
    return again ? lookup(kid, false) : unknownKey();
  }

  /** The keys held, dropping them once past stale-if-error. */
  private Held<S> current(long now) {
    if (held != null && now >= held.staleUntil()) {
      LOG.log(
          Level.WARNING,
          "signing keys from {0} are past stale-if-error and no longer used",
          source.location());
      held = null;
      published = null;
    }
    return held;
  }

  private CompletableFuture<Held<S>> startFetch() {
    CompletableFuture<Held<S>> f = new CompletableFuture<>();
    inFlight = f;
    try {
      scheduler.execute(() -> run(f));
    } catch (RejectedExecutionException e) {
      inFlight = null;
      f.completeExceptionally(e);
    }
    return f;
  }

  /** One fetch, on the scheduler's thread. */
  private void run(CompletableFuture<Held<S>> f) {
    Fetched<S> fetched = null;
    Exception error = null;
    try {
      fetched = Objects.requireNonNull(source.fetch(), "the key source returned null");
    } catch (IOException | RuntimeException e) {
      error = e;
    }
    long now = clock.millis();
    Held<S> h = null;
    String next = "";
    int recovered = 0;
    boolean open;
    synchronized (this) {
      inFlight = null;
      open = !closed;
      if (!open) {
        error = error != null ? error : new IOException("key set closed");
      } else if (error == null) {
        h = Held.of(fetched, policy, now);
        held = h;
        published = h;
        recovered = failures;
        failures = 0;
        refreshNotBefore = NEVER;
        if (retry != null) {
          retry.cancel();
          retry = null;
        }
      } else {
        failures++;
        if (current(now) != null) {
          refreshNotBefore = now + REFETCH_COOLDOWN.toMillis();
          next =
              "the keys held stay in use; next refresh in " + REFETCH_COOLDOWN.toMillis() + " ms";
        } else {
          next = "no keys held; next attempt in " + scheduleRetry().toMillis() + " ms";
        }
      }
    }
    if (open) {
      source.fetched(h != null);
    }
    if (h != null) {
      if (recovered > 0) {
        LOG.log(
            Level.INFO,
            "signing keys from {0} fetched after {1} failed attempt(s)",
            source.location(),
            recovered);
      }
      f.complete(h);
    } else {
      if (!next.isEmpty()) {
        LOG.log(
            Level.WARNING,
            "cannot fetch signing keys from {0}: {1}; {2}",
            source.location(),
            describe(error),
            next);
      }
      f.completeExceptionally(error);
    }
  }

  private Duration scheduleRetry() {
    Duration delay = retryDelay(failures, random.getAsDouble());
    try {
      retry = scheduler.schedule(this::retryNow, delay);
    } catch (RejectedExecutionException e) {
      retry = null; // closing
    }
    return delay;
  }

  private void retryNow() {
    synchronized (this) {
      retry = null;
      if (!closed && inFlight == null && current(clock.millis()) == null) {
        startFetch();
      }
    }
  }

  /**
   * The wait before attempt {@code failures + 1}: step {@code FIRST_RETRY × 2^(failures-1)}, at
   * most {@code MAX_RETRY}, drawn from the upper half of the step by {@code random} in {@code [0,
   * 1)}.
   */
  static Duration retryDelay(int failures, double random) {
    long step = FIRST_RETRY.toMillis() << Math.min(Math.max(failures - 1, 0), 16);
    step = Math.min(step, MAX_RETRY.toMillis());
    return Duration.ofMillis(step - (long) (step / 2.0 * (1 - random)));
  }

  private static <T> CompletableFuture<T> unknownKey() {
    return CompletableFuture.failedFuture(
        new AuthenticationException(
            Failure.UNKNOWN_KEY, "token is signed with a key the issuer does not publish"));
  }

  private static <T> CompletableFuture<T> unavailable() {
    return CompletableFuture.failedFuture(
        new AuthenticationException(
            Failure.PROVIDER_UNAVAILABLE,
            "the issuer's signing keys are unavailable; retry later"));
  }

  /** A cause chain for a log line: class names and the first 200 characters of each message. */
  static String describe(Throwable e) {
    StringBuilder out = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (out.length() > 0) {
        out.append(" <- ");
      }
      out.append(t.getClass().getSimpleName());
      String m = t.getMessage();
      if (m != null) {
        out.append(": ").append(m, 0, Math.min(200, m.length()));
      }
    }
    return out.toString();
  }

  /** Stops fetching: waiting lookups fail with {@code PROVIDER_UNAVAILABLE}. Idempotent. */
  @Override
  public void close() {
    CompletableFuture<Held<S>> pending;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (retry != null) {
        retry.cancel();
        retry = null;
      }
      pending = inFlight;
      inFlight = null;
      held = null;
      published = null;
    }
    scheduler.close();
    if (pending != null) {
      pending.completeExceptionally(new IOException("key set closed"));
    }
  }
}
