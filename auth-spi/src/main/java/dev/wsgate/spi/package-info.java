/**
 * The provider SPI: what a token verifier implements and the values it receives and returns.
 *
 * <p>A provider registers a {@link dev.wsgate.spi.TokenVerifierProvider} in {@code
 * META-INF/services}; the server selects it by {@link dev.wsgate.spi.TokenVerifierProvider#id()}
 * and calls {@link dev.wsgate.spi.TokenVerifierProvider#create} once per tenant with that tenant's
 * {@link dev.wsgate.spi.ProviderSettings}. The resulting {@link dev.wsgate.spi.TokenVerifier} is
 * shared by every handshake of the tenant.
 */
@NullMarked
package dev.wsgate.spi;

import org.jspecify.annotations.NullMarked;
