/**
 * The jar's logging backend: Logback over a buffered standard error, and {@code wsgate.log.level}.
 */
@NullMarked
package dev.wsgate.server.logging;

import org.jspecify.annotations.NullMarked;
