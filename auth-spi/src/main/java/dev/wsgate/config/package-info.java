/**
 * wsgate's configuration keys ({@code wsgate.*}) into a gate, one implementation for every place
 * the gate runs: {@link dev.wsgate.config.ConfigReader} reads keys, records each as known and
 * collects problems; {@link dev.wsgate.config.GateConfig} builds the tenants, their verifiers
 * (providers found through {@link java.util.ServiceLoader}), routing and the failure limiter.
 */
@NullMarked
package dev.wsgate.config;

import org.jspecify.annotations.NullMarked;
