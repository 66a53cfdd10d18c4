/**
 * The development subcommands ({@code token}, {@code check-config}, {@code explain-origin}) and dev
 * mode's random secret and token.
 */
@NullMarked
package dev.wsgate.server.cli;

import org.jspecify.annotations.NullMarked;
