/**
 * Clerk session tokens, verified through Clerk's backend SDK ({@code com.clerk:backend-api}), with
 * wsgate's own checks of {@code exp}, {@code nbf}, {@code iat}, {@code iss}, {@code aud} and {@code
 * azp} on top. Provider id {@code clerk}; settings under {@code wsgate.provider.clerk.}.
 *
 * <p>Only {@link dev.wsgate.provider.clerk.ClerkVerifierProvider} is public; it is found through
 * {@link java.util.ServiceLoader}. No Clerk or JWT library type appears in a public signature.
 */
@NullMarked
package dev.wsgate.provider.clerk;

import org.jspecify.annotations.NullMarked;
