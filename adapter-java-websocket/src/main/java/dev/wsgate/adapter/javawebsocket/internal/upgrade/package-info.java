/**
 * Not API: the upgrade path behind {@link dev.wsgate.adapter.javawebsocket.GatedWebSocketServer}
 * (request parsing, the draft that writes refusals, request size and deadline limits, the one-pass
 * decision, connection limits, handshake log lines). Public only where the API package reaches in;
 * may change in any release.
 */
@NullMarked
package dev.wsgate.adapter.javawebsocket.internal.upgrade;

import org.jspecify.annotations.NullMarked;
