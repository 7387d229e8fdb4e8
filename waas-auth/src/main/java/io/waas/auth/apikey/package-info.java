/**
 * API keys: prefixed and checksummed, stored as hashes, revocable, with last-used tracking.
 */
@NullMarked
package io.waas.auth.apikey;

import org.jspecify.annotations.NullMarked;
