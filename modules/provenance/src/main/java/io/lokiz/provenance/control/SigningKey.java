package io.lokiz.provenance.control;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/** The key manifests are signed with and its certificate chain, the signing certificate first. */
public record SigningKey(PrivateKey key, List<X509Certificate> chain) {

    public SigningKey {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a signing key needs its certificate");
        }
        chain = List.copyOf(chain);
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }
}
