/**
 * The handshake gate, for servers that embed it: build a {@link dev.wsgate.gate.HandshakeGate} from
 * {@link dev.wsgate.gate.TenantPolicy tenant policies}, turn each upgrade request into a {@link
 * dev.wsgate.gate.HandshakeRequest}, and answer the {@link dev.wsgate.gate.Decision} with a 101 or
 * the failure's HTTP status.
 */
@NullMarked
package dev.wsgate.gate;

import org.jspecify.annotations.NullMarked;
