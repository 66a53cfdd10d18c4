package dev.wsgate.server;

/** {@link ClientBrowserTest}'s client-js scenarios in Chromium against the server on netty. */
final class NettyClientBrowserTest extends ClientBrowserTest {}
