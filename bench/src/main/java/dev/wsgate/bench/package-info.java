/** JMH benchmarks of the gate and the providers against the raw libraries they wrap. */
package dev.wsgate.bench;
