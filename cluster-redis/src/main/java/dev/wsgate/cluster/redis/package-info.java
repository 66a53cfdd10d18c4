/** Cluster mode on Redis: the state several wsgate instances share. */
@NullMarked
package dev.wsgate.cluster.redis;

import org.jspecify.annotations.NullMarked;
