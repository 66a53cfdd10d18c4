/**
 * The gate's Micrometer meters, written once for every adapter that counts handshakes and
 * connections ({@link dev.wsgate.internal.metrics.GateMeters}). Micrometer is an optional
 * dependency of auth-spi: only an adapter that brings {@code micrometer-core} loads this package.
 * Not API: may change without notice.
 */
@NullMarked
package dev.wsgate.internal.metrics;

import org.jspecify.annotations.NullMarked;
