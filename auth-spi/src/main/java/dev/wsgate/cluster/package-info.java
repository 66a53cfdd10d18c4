/**
 * The seam between one wsgate instance and the state a cluster of instances shares: interfaces the
 * server and adapters call, implemented in process (the default, nothing shared) or by a cluster
 * module such as {@code wsgate-cluster-redis}. Every method the handshake path calls answers from
 * local memory: no handshake waits on a shared store.
 */
@NullMarked
package dev.wsgate.cluster;

import org.jspecify.annotations.NullMarked;
