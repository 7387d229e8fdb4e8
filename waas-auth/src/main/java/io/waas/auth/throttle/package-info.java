/**
 * Login throttling: per-account and per-client-address failure counting with exponential back-off and lockout.
 */
@NullMarked
package io.waas.auth.throttle;

import org.jspecify.annotations.NullMarked;
