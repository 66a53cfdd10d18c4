/** Third-party provider jars from {@code wsgate.plugins.dir}, each in its own class loader. */
@NullMarked
package dev.wsgate.server.plugins;

import org.jspecify.annotations.NullMarked;
