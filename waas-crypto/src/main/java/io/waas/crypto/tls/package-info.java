/**
 * Encryption in transit: TLS configuration that is safe by default.
 *
 * <p>Start with {@link io.waas.crypto.tls.TlsPolicy#intermediate()} (TLS 1.2 and 1.3) or {@link
 * io.waas.crypto.tls.TlsPolicy#modern()} (TLS 1.3 only), add the key material ({@link
 * io.waas.crypto.tls.TlsIdentity}, {@link io.waas.crypto.tls.TlsTrustAnchors}) and build a policy;
 * it hands out {@code SSLContext}s, {@code SSLParameters}, socket factories, engines and an {@code
 * HttpClient} builder that all enforce it. The profiles follow Mozilla's server-side TLS guidelines
 * (version 5.7); the implementation is the JDK's own JSSE.
 */
@NullMarked
package io.waas.crypto.tls;

import org.jspecify.annotations.NullMarked;
