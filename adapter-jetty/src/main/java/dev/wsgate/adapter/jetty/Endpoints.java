package dev.wsgate.adapter.jetty;

import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.lang.reflect.Modifier;
import java.util.Objects;

/** Checks, at installation, that an endpoint can be served through the gate. */
final class Endpoints {
  private Endpoints() {}

  static Class<?> check(Class<?> endpoint) {
    Objects.requireNonNull(endpoint, "endpoint");
    if (!Modifier.isPublic(endpoint.getModifiers())) {
      throw new IllegalArgumentException(endpoint.getName() + " must be public");
    }
    ServerEndpoint annotation = endpoint.getAnnotation(ServerEndpoint.class);
    if (annotation == null && !Endpoint.class.isAssignableFrom(endpoint)) {
      throw new IllegalArgumentException(
          endpoint.getName() + " is neither @ServerEndpoint nor a jakarta.websocket.Endpoint");
    }
    if (annotation != null
        && annotation.configurator() != ServerEndpointConfig.Configurator.class) {
      // Jetty prefers the annotation's configurator to the one the filter supplies, which would
      // drop the gate's subprotocol choice and the verified token.
      throw new IllegalArgumentException(
          "remove configurator="
              + annotation.configurator().getName()
              + " from @ServerEndpoint on "
              + endpoint.getName()
              + ": wsgate supplies the configurator");
    }
    return endpoint;
  }

  static String checkPath(String path) {
    Objects.requireNonNull(path, "path");
    if (!path.startsWith("/") || path.contains("*") || path.contains("{")) {
      throw new IllegalArgumentException(
          "path must be an exact path such as /ws (no wildcard, no template); got " + path);
    }
    return path;
  }
}
