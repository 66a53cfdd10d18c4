/** Implementation details shared by wsgate modules; not API, may change without notice. */
package dev.wsgate.internal;
