/**
 * The {@code jwks} provider: verifies JWTs against the JSON Web Key Set of an issuer, found from a
 * JWKS URL, OpenID Connect discovery or an Auth0 domain.
 *
 * <p>Keys are fetched by auth0 jwks-rsa (HTTP and JSON, through wsgate's size- and time-bounded
 * GET), cached, refreshed ahead and refetched by wsgate's shared key set ({@code
 * dev.wsgate.internal.keys.KeySet}), and signatures are checked by nimbus-jose-jwt. Only {@link
 * dev.wsgate.provider.jwks.JwksVerifierProvider}, {@link dev.wsgate.provider.jwks.JwksSettings} and
 * {@link dev.wsgate.provider.jwks.JwksTokenVerifier} are public.
 */
@NullMarked
package dev.wsgate.provider.jwks;

import org.jspecify.annotations.NullMarked;
