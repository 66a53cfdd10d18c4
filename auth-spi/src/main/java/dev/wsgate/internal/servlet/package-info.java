/**
 * The gate's view of a servlet request, written once for every adapter on the Servlet API (the
 * Jetty adapter, the Spring adapter's servlet stack): the {@link dev.wsgate.gate.HandshakeRequest}
 * of an {@code HttpServletRequest} ({@link dev.wsgate.internal.servlet.ServletHandshakeRequests})
 * an accepted request as the container's upgrade sees it ({@link
 * dev.wsgate.internal.servlet.GatedServletRequest}) and a refusal written as the response ({@link
 * dev.wsgate.internal.servlet.ServletRefusals}). The Servlet API is an optional dependency of
 * auth-spi: only an adapter that brings it loads this package. Not API: may change without notice.
 */
@NullMarked
package dev.wsgate.internal.servlet;

import org.jspecify.annotations.NullMarked;
