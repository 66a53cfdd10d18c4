/**
 * The admin HTTP port ({@code wsgate.admin.*}): Prometheus metrics, health, readiness and the
 * disconnect endpoint.
 */
@NullMarked
package dev.wsgate.server.admin;

import org.jspecify.annotations.NullMarked;
