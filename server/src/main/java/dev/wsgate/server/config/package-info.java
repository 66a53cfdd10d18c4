/**
 * {@code wsgate.properties} into a {@link dev.wsgate.server.config.Configuration}: the server's own
 * keys (listen address, path, sessions, limits, admin port) read here, the gate's part (tenants,
 * providers, routing) read by {@link dev.wsgate.config.GateConfig} through the same {@link
 * dev.wsgate.config.ConfigReader}, and the providers' meters. Every problem is reported at once,
 * each naming its key.
 */
@NullMarked
package dev.wsgate.server.config;

import org.jspecify.annotations.NullMarked;
