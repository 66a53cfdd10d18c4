/**
 * The libraries the server listens through ({@code wsgate.transport}): {@link
 * dev.wsgate.server.transport.Transport} is the one seam between the server's start-up, admin port
 * and cluster and the listening library; both transports receive the same gate, limits and meters.
 */
@NullMarked
package dev.wsgate.server.transport;

import org.jspecify.annotations.NullMarked;
