/**
 * Conformance tests: Wycheproof vectors run through the exact primitives the SDK uses. The vectors
 * live outside the repository and are found through the {@code waas.vectors} system property.
 */
@NullMarked
package io.waas.crypto.conformance;

import org.jspecify.annotations.NullMarked;
