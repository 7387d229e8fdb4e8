/**
 * Implementation details of waas-auth; not exported.
 */
@NullMarked
package io.waas.auth.internal;

import org.jspecify.annotations.NullMarked;
