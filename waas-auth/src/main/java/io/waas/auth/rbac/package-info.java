/**
 * Multi-tenant role-based access control: policies compiled into immutable snapshots, checks, explanations.
 */
@NullMarked
package io.waas.auth.rbac;

import org.jspecify.annotations.NullMarked;
