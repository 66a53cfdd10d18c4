/** Implementation details shared by wsgate modules; not API, may change without notice. */
@NullMarked
package dev.wsgate.internal;

import org.jspecify.annotations.NullMarked;
