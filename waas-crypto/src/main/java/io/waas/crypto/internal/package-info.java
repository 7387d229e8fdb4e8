/** Implementation of {@code io.waas.crypto}; not exported, no compatibility promises. */
@NullMarked
package io.waas.crypto.internal;

import org.jspecify.annotations.NullMarked;
