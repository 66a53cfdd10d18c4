/**
 * Test support for wsgate modules and third-party providers: fixtures, test doubles ({@code Fake*}
 * working stand-ins, {@code Recording*} call recorders) and the provider conformance kit.
 */
@NullMarked
package dev.wsgate.testkit;

import org.jspecify.annotations.NullMarked;
