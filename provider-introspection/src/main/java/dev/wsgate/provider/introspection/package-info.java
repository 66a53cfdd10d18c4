/**
 * The {@code introspection} provider: verifies opaque access tokens with OAuth 2.0 Token
 * Introspection (RFC 7662) through the JDK HTTP client, asynchronously, with connect and read
 * timeouts and a cap on the answer's size. Only {@link
 * dev.wsgate.provider.introspection.IntrospectionVerifierProvider}, {@link
 * dev.wsgate.provider.introspection.IntrospectionSettings} and {@link
 * dev.wsgate.provider.introspection.IntrospectionTokenVerifier} are public.
 */
@NullMarked
package dev.wsgate.provider.introspection;

import org.jspecify.annotations.NullMarked;
