/**
 * Open connections after the 101, the same on every adapter: a {@link
 * dev.wsgate.session.SessionRegistry} of live sessions by tenant and subject closes each at its
 * token's expiry (4002, spread over a jitter window), answers in-band refresh frames ({@link
 * dev.wsgate.gate.RefreshFrames}), closes revoked ones (4001) and disconnects a subject on demand.
 * An adapter implements {@link dev.wsgate.session.SessionChannel} (send a text frame, close with a
 * code and reason) and tells the registry when a connection opens, sends text and closes.
 */
@NullMarked
package dev.wsgate.session;

import org.jspecify.annotations.NullMarked;
