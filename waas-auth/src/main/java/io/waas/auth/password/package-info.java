/**
 * Password hashing (Argon2id, PHC strings, pepper, legacy-hash migration, a hashing budget) and a password policy after NIST SP 800-63B.
 */
@NullMarked
package io.waas.auth.password;

import org.jspecify.annotations.NullMarked;
