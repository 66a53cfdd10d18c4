/** JMH benchmarks of the gate and the providers against the raw libraries they wrap. */
@NullMarked
package dev.wsgate.bench;

import org.jspecify.annotations.NullMarked;
