package dev.wsgate.server.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.wsgate.adapter.javawebsocket.ServerMetrics;
import dev.wsgate.cluster.ClusterHealth;
import dev.wsgate.cluster.ClusterState;
import dev.wsgate.cluster.DisconnectOrder;
import dev.wsgate.cluster.DisconnectOutcome;
import dev.wsgate.gate.DenyList;
import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.Redaction;
import dev.wsgate.gate.TenantPolicy;
import dev.wsgate.server.config.Configuration;
import dev.wsgate.spi.Secret;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP port ({@code wsgate.admin.port}, loopback by default) on the JDK's {@link
 * HttpServer}: {@code GET /metrics} (Prometheus text), {@code GET /healthz} (the process answers),
 * {@code GET /readyz} (every tenant's verifier has its keys; 503 naming the tenants that do not),
 * and {@code POST /admin/disconnect?subject=…[&tenant=…]} with {@code Authorization: Bearer
 * <wsgate.admin.token>}: closes the subject's open connections with 4001 "revoked" and denies the
 * subject at the gate for {@code wsgate.admin.deny-for}, so that it cannot reconnect with a token
 * it still holds. Subjects belong to their tenant: with {@code tenant} only that tenant's subject
 * is disconnected and denied (an unknown tenant is 400), without it the subject of every tenant. In
 * cluster mode the denial and the disconnect reach every instance, and the answer says how many
 * acknowledged, or that only this instance's connections closed because the shared store is
 * unreachable; {@code /readyz} and {@code /metrics} show the cluster's state. One thread; every
 * answer is short plain text.
 */
public final class AdminServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);

  private final HttpServer http;
  private final ExecutorService executor;
  private final AdminConfig config;
  private final HandshakeGate gate;
  private final ServerMetrics metrics;
  private final DenyList denyList;
  private final ClusterState cluster;
  private final Clock clock;

  private AdminServer(HttpServer http, Configuration configuration, Clock clock) {
    this.http = http;
    this.config = configuration.admin();
    this.gate = configuration.gate();
    this.metrics = configuration.metrics();
    this.denyList = configuration.denyList();
    this.cluster = configuration.cluster();
    this.clock = clock;
    if (!cluster.engine().equals("none")) {
      ClusterMeters.bind(metrics.registry(), cluster);
    }
    this.executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "wsgate-admin");
              t.setDaemon(true);
              return t;
            });
    http.setExecutor(executor);
    http.createContext("/metrics", this::metrics);
    http.createContext("/healthz", e -> answer(e, 200, "ok"));
    http.createContext("/readyz", this::ready);
    http.createContext("/admin/disconnect", this::disconnect);
    http.createContext("/", e -> answer(e, 404, "not found"));
  }

  /**
   * Binds {@code wsgate.admin.host:wsgate.admin.port} and starts answering.
   *
   * @throws IOException when the address cannot be bound
   */
  public static AdminServer start(Configuration configuration, Clock clock) throws IOException {
    AdminConfig c = configuration.admin();
    if (!c.enabled()) {
      throw new IllegalStateException("wsgate.admin.port is not set");
    }
    HttpServer http = HttpServer.create(new InetSocketAddress(c.host(), c.port()), 16);
    AdminServer admin = new AdminServer(http, configuration, clock);
    http.start();
    return admin;
  }

  /** The bound port (the real one when {@code wsgate.admin.port=0}). */
  public int port() {
    return http.getAddress().getPort();
  }

  @Override
  public void close() {
    http.stop(0);
    executor.shutdownNow();
  }

  private void metrics(HttpExchange e) throws IOException {
    if (!get(e)) {
      return;
    }
    byte[] body = Prometheus.scrape(metrics).orElse("").getBytes(StandardCharsets.UTF_8);
    e.getResponseHeaders().set("Content-Type", Prometheus.CONTENT_TYPE);
    send(e, 200, body);
  }

  private void ready(HttpExchange e) throws IOException {
    if (!get(e)) {
      return;
    }
    List<String> notReady = new ArrayList<>();
    for (TenantPolicy t : gate.tenants().values()) {
      boolean ready;
      try {
        ready = t.verifier().isReady();
      } catch (RuntimeException ex) {
        ready = false;
      }
      if (!ready) {
        notReady.add(t.id());
      }
    }
    // the shared store's outage is shown, not made a 503: every instance shares that store, and
    // a readiness failure would take all of them out of the load balancer at once, while each
    // feature has its documented fallback
    String clusterState = "";
    if (!cluster.engine().equals("none")) {
      ClusterHealth h = cluster.health();
      clusterState = (h.available() ? "; cluster ok: " : "; cluster degraded: ") + h.detail();
    }
    if (notReady.isEmpty()) {
      answer(e, 200, "ready" + clusterState);
    } else {
      notReady.sort(null);
      answer(e, 503, "not ready: tenants " + String.join(",", notReady) + clusterState);
    }
  }

  private void disconnect(HttpExchange e) throws IOException {
    Optional<Secret> token = config.adminToken();
    if (token.isEmpty()) {
      answer(e, 404, "disconnect is disabled: set wsgate.admin.token");
      return;
    }
    if (!e.getRequestMethod().equals("POST")) {
      e.getResponseHeaders().set("Allow", "POST");
      answer(e, 405, "use POST");
      return;
    }
    String auth = e.getRequestHeaders().getFirst("Authorization");
    if (!authorized(auth, token.get())) {
      e.getResponseHeaders().set("WWW-Authenticate", "Bearer");
      LOG.warn("admin disconnect refused: bad or missing admin token remote={}", remote(e));
      answer(e, 401, "admin token required");
      return;
    }
    String query = e.getRequestURI().getRawQuery();
    Optional<String> subject = parameter(query, "subject");
    if (subject.isEmpty() || subject.get().isBlank()) {
      answer(e, 400, "subject is required: POST /admin/disconnect?subject=ID[&tenant=ID]");
      return;
    }
    Set<String> tenants = new TreeSet<>(gate.tenants().keySet());
    Optional<String> tenant = parameter(query, "tenant");
    if (tenant.isPresent() && !tenants.contains(tenant.get())) {
      answer(
          e,
          400,
          "unknown tenant '"
              + Redaction.printable(tenant.get())
              + "'; tenants: "
              + String.join(", ", tenants));
      return;
    }
    Instant now = clock.instant();
    Instant until = now.plus(config.denyFor());
    denyList.purge(now);
    String scope;
    if (tenant.isPresent()) {
      denyList.denySubject(tenant.get(), subject.get(), until);
      scope = "tenant " + tenant.get();
    } else {
      tenants.forEach(t -> denyList.denySubject(t, subject.get(), until));
      scope = "every tenant (" + String.join(", ", tenants) + ")";
    }
    DisconnectOutcome outcome = outcome(new DisconnectOrder(tenant.orElse(null), subject.get()));
    int closed = outcome.connectionsClosed();
    String who = Redaction.printable(subject.get());
    LOG.info(
        "admin disconnect subject={} in {} connections={} denied_until={} remote={}",
        who,
        scope,
        closed,
        until,
        remote(e));
    answer(
        e,
        200,
        "closed "
            + closed
            + " connection(s) of subject "
            + who
            + " in "
            + scope
            + "; denied there until "
            + until
            + instances(outcome));
  }

  /** The order carried out; the engine bounds the wait, the extra second is a safety net. */
  private DisconnectOutcome outcome(DisconnectOrder order) {
    try {
      return cluster.disconnect(order).toCompletableFuture().get(2, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException ex) {
      return DisconnectOutcome.localOnly(0);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      return DisconnectOutcome.localOnly(0);
    }
  }

  /** What the cluster did with the order; nothing in single-instance mode. */
  private String instances(DisconnectOutcome o) {
    if (cluster.engine().equals("none")) {
      return "";
    }
    if (!o.shared()) {
      return "; the cluster store is unreachable: closed on this instance only, other instances"
          + " keep their connections and learn of the denial when it returns";
    }
    return "; acknowledged by "
        + o.instancesAcknowledged()
        + " of "
        + o.instancesReached()
        + " instance(s)";
  }

  /** Compares digests, so that neither the content nor the length leaks through timing. */
  static boolean authorized(String header, Secret token) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(sha256(given), sha256(token.bytes()));
  }

  private static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static Optional<String> parameter(String rawQuery, String name) {
    if (rawQuery == null) {
      return Optional.empty();
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
        try {
          return Optional.of(
              eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException ex) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  private static boolean get(HttpExchange e) throws IOException {
    String m = e.getRequestMethod();
    if (m.equals("GET") || m.equals("HEAD")) {
      return true;
    }
    e.getResponseHeaders().set("Allow", "GET, HEAD");
    answer(e, 405, "use GET");
    return false;
  }

  private static void answer(HttpExchange e, int status, String text) throws IOException {
    e.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    send(e, status, (text + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange e, int status, byte[] body) throws IOException {
    e.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = e.getRequestMethod().equals("HEAD");
    e.sendResponseHeaders(status, head ? -1 : body.length);
    try (OutputStream out = e.getResponseBody()) {
      if (!head) {
        out.write(body);
      }
    }
  }

  private static String remote(HttpExchange e) {
    InetSocketAddress a = e.getRemoteAddress();
    return a == null ? "-" : a.getAddress().getHostAddress();
  }
}
