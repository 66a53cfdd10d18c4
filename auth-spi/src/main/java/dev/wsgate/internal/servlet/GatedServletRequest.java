package dev.wsgate.internal.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An accepted upgrade request as the container's upgrade sees it: authenticated as the gate's
 * principal, and offering only the application subprotocol the gate selected (the token entry of
 * {@code Sec-WebSocket-Protocol} is gone, so nothing can echo it).
 */
public final class GatedServletRequest extends HttpServletRequestWrapper {
  private static final String PROTOCOL = "Sec-WebSocket-Protocol";

  private final Principal principal;
  private final List<String> protocols;

  /**
   * @param request the accepted request
   * @param principal who the gate verified
   * @param selected the application subprotocol the gate selected; empty when none
   */
  public GatedServletRequest(
      HttpServletRequest request, Principal principal, Optional<String> selected) {
    super(request);
    this.principal = Objects.requireNonNull(principal, "principal");
    this.protocols = selected.map(List::of).orElse(List.of());
  }

  @Override
  public Principal getUserPrincipal() {
    return principal;
  }

  @Override
  public @Nullable String getHeader(String name) {
    if (PROTOCOL.equalsIgnoreCase(name)) {
      return protocols.isEmpty() ? null : protocols.get(0);
    }
    return super.getHeader(name);
  }

  @Override
  public Enumeration<String> getHeaders(String name) {
    if (PROTOCOL.equalsIgnoreCase(name)) {
      return Collections.enumeration(protocols);
    }
    return super.getHeaders(name);
  }

  @Override
  public Enumeration<String> getHeaderNames() {
    List<String> names = new ArrayList<>();
    Enumeration<String> all = super.getHeaderNames();
    while (all != null && all.hasMoreElements()) {
      String n = all.nextElement();
      if (!PROTOCOL.equalsIgnoreCase(n)) {
        names.add(n);
      }
    }
    if (!protocols.isEmpty()) {
      names.add(PROTOCOL);
    }
    return Collections.enumeration(names);
  }
}
