/** The jar's log output: {@code wsgate.log.level} and the buffered standard error. */
@NullMarked
package dev.wsgate.server.logging;

import org.jspecify.annotations.NullMarked;
