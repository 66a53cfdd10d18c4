/**
 * The {@code jwks} provider: verifies JWTs against the JSON Web Key Set of an issuer, found from a
 * JWKS URL, OpenID Connect discovery or an Auth0 domain.
 *
 * <p>Keys are fetched by auth0 jwks-rsa (HTTP and JSON, through a size- and time-bounded client),
 * cached, refreshed ahead and rate limited by nimbus-jose-jwt's JWK set sources, and signatures are
 * checked by nimbus-jose-jwt. Only {@link dev.wsgate.provider.jwks.JwksVerifierProvider}, {@link
 * dev.wsgate.provider.jwks.JwksSettings} and {@link dev.wsgate.provider.jwks.JwksTokenVerifier} are
 * public.
 */
@NullMarked
package dev.wsgate.provider.jwks;

import org.jspecify.annotations.NullMarked;
