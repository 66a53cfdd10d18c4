package dev.wsgate.server;

/** {@link BrowserTest}'s Chromium cases against the server on {@code wsgate.transport=netty}. */
final class NettyBrowserTest extends BrowserTest {}
