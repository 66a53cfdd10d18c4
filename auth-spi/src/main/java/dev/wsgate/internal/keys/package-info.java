/**
 * Signing keys fetched from a key server, shared by the providers that fetch them ({@code jwks},
 * {@code clerk} in secret-key mode, {@code firebase}): {@link dev.wsgate.internal.keys.KeySet}
 * holds the rules (single flight, refresh ahead, stale-if-error, an unknown {@code kid}'s refetch
 * cooldown, retries while no keys are held), a {@link dev.wsgate.internal.keys.KeySource} per
 * provider does the fetch, and {@link dev.wsgate.internal.keys.KeyServerHttp} bounds the HTTP
 * request. Not API: may change without notice.
 */
@NullMarked
package dev.wsgate.internal.keys;

import org.jspecify.annotations.NullMarked;
