package dev.wsgate.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;

/** A local key server: the JDK's HttpServer answering {@code /jwks.json} with a fixed key set. */
final class JwksServer {
  private JwksServer() {}

  /** Serves {@code jwks} on a free loopback port until {@code stop}. */
  static HttpServer serve(byte[] jwks) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/jwks.json",
        exchange -> {
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, jwks.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(jwks);
          }
        });
    server.start();
    return server;
  }
}
