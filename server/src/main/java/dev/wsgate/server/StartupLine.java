package dev.wsgate.server;

import dev.wsgate.config.TenantEndpoint;
import dev.wsgate.server.config.Configuration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The one line printed once the server listens. When one URL serves every tenant (a single tenant,
 * or tenants told apart by the token's issuer): {@code wsgate listening on ws://HOST:PORT/PATH
 * provider=IDS tenants=N transport=java-websocket|netty}. When tenants have URLs of their own (by
 * host or by path), the listen address without a path, then each tenant's URLs, comma-separated, in
 * configuration order: {@code wsgate listening on ws://HOST:PORT provider=IDS tenants=N transport=T
 * acme=ws://HOST:PORT/acme/ws globex=ws://HOST:PORT/globex/ws}.
 */
final class StartupLine {
  private StartupLine() {}

  static String of(Configuration c, int port) {
    String host = c.server().host();
    StringBuilder line = new StringBuilder("wsgate listening on ").append(url(host, port, ""));
    if (c.endpoints().isEmpty()) {
      line.append(new TreeSet<>(c.server().paths()).first());
    }
    line.append(" provider=").append(c.providers()).append(" tenants=").append(c.tenants());
    line.append(" transport=").append(c.transport().value());
    Map<String, List<String>> urls = new LinkedHashMap<>();
    for (TenantEndpoint e : c.endpoints()) {
      urls.computeIfAbsent(e.tenant(), t -> new ArrayList<>())
          .add(url(e.host().isEmpty() ? host : e.host(), port, e.path()));
    }
    urls.forEach((t, u) -> line.append(' ').append(t).append('=').append(String.join(",", u)));
    return line.toString();
  }

  private static String url(String host, int port, String path) {
    String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    return "ws://" + h + ":" + port + path;
  }
}
