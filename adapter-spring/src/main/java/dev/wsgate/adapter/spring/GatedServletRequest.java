package dev.wsgate.adapter.spring;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;

/**
 * An accepted upgrade request as Spring's handshake handler and the container see it: authenticated
 * as the gate's principal, and offering only the application subprotocol the gate selected (the
 * token entry of {@code Sec-WebSocket-Protocol} is gone, so nothing can echo it).
 */
final class GatedServletRequest extends HttpServletRequestWrapper {
  private final Principal principal;
  private final List<String> protocols;

  GatedServletRequest(HttpServletRequest request, Principal principal, Optional<String> selected) {
    super(request);
    this.principal = principal;
    this.protocols = SpringHeaders.protocolOffer(selected);
  }

  @Override
  public Principal getUserPrincipal() {
    return principal;
  }

  @Override
  public String getHeader(String name) {
    if (SpringHeaders.PROTOCOL.equalsIgnoreCase(name)) {
      return protocols.isEmpty() ? null : protocols.get(0);
    }
    return super.getHeader(name);
  }

  @Override
  public Enumeration<String> getHeaders(String name) {
    if (SpringHeaders.PROTOCOL.equalsIgnoreCase(name)) {
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
      if (!SpringHeaders.PROTOCOL.equalsIgnoreCase(n)) {
        names.add(n);
      }
    }
    if (!protocols.isEmpty()) {
      names.add(SpringHeaders.PROTOCOL);
    }
    return Collections.enumeration(names);
  }
}
