/**
 * The {@code hmac} provider: JWTs signed with a shared secret (HS256, HS384, HS512), verified with
 * nimbus-jose-jwt. See the module README for its settings.
 */
@NullMarked
package dev.wsgate.provider.hmac;

import org.jspecify.annotations.NullMarked;
