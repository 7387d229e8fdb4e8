/**
 * Shared types of the WaaS Security SDK.
 *
 * <p>Everything here is immutable or thread-safe unless its Javadoc says otherwise.
 */
@NullMarked
package io.waas.core;

import org.jspecify.annotations.NullMarked;
