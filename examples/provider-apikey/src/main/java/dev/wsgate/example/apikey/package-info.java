/**
 * An example third-party provider, {@code apikey}: static API keys listed by their SHA-256 in a
 * file. Copy this module as the template for your own plugin; see its README.
 */
@NullMarked
package dev.wsgate.example.apikey;

import org.jspecify.annotations.NullMarked;
