/**
 * First-message authentication, the same on every adapter: a connection upgraded without a token
 * must send {@code {"type":"wsgate.auth","token":"…"}} first, within its tenant's timeout. The
 * frames ({@link dev.wsgate.internal.firstmessage.FirstMessage}), the caps on connections still
 * waiting ({@link dev.wsgate.internal.firstmessage.PendingAuthentications}) and one connection's
 * steps ({@link dev.wsgate.internal.firstmessage.Authenticating}); an adapter supplies the
 * transport. Not API.
 */
@NullMarked
package dev.wsgate.internal.firstmessage;

import org.jspecify.annotations.NullMarked;
