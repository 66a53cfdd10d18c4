/**
 * {@code wsgate.properties} into a {@link dev.wsgate.server.config.Configuration}: every key read
 * and checked, tenants and their providers built, routing, the providers' meters. Every problem is
 * reported at once, each naming its key.
 */
@NullMarked
package dev.wsgate.server.config;

import org.jspecify.annotations.NullMarked;
