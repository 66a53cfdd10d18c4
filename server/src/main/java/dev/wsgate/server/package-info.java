/**
 * The runnable wsgate server ({@code java -jar wsgate-server.jar}): {@link dev.wsgate.server.Main}
 * reads the configuration file (or starts dev mode), runs the subcommands, and starts a {@link
 * dev.wsgate.adapter.javawebsocket.WsgateServer} and the admin port. The application's parts are in
 * the subpackages: {@code config}, {@code cli}, {@code admin}, {@code plugins}, {@code logging}. An
 * application, not a library: applications that embed wsgate depend on {@code
 * wsgate-adapter-java-websocket} instead.
 */
@NullMarked
package dev.wsgate.server;

import org.jspecify.annotations.NullMarked;
