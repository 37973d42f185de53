package dev.parley.server.federation;

import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Whether a peer server's certificate authenticates a domain (RFC 6120 §13.7.2, RFC 6125 §6): its chain ends in
 * a certificate authority we trust (the JDK's, unless tests give others), and one of its DNS names is the domain,
 * or a wildcard one label wide over it. What SASL EXTERNAL is offered and granted on (XEP-0178).
 */
public final class PeerCertificates {
    private final X509TrustManager trust;

    public PeerCertificates(X509TrustManager trust) {
        this.trust = trust;
    }

    /**
     * The JDK's certificate authorities, and those of the PEM file {@code extraPem} (parley.s2s.trusted-certificates)
     * when it is not empty.
     */
    public static PeerCertificates trusting(String extraPem) {
        if (extraPem == null || extraPem.isBlank()) return system();
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int n = 0;
            for (X509Certificate ca : system().trust.getAcceptedIssuers()) ks.setCertificateEntry("jdk-" + n++, ca);
            try (var in = java.nio.file.Files.newInputStream(java.nio.file.Path.of(extraPem))) {
                for (Certificate c : java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    ks.setCertificateEntry("configured-" + n++, c);
                }
            }
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init(ks);
            for (var m : f.getTrustManagers()) if (m instanceof X509TrustManager x) return new PeerCertificates(x);
            throw new IllegalStateException("no X.509 trust manager");
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("parley.s2s.trusted-certificates: cannot read " + extraPem + ": " + e.getMessage(), e);
        }
    }

    /** The JDK's certificate authorities. */
    public static PeerCertificates system() {
        try {
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init((KeyStore) null);
            for (var m : f.getTrustManagers()) if (m instanceof X509TrustManager x) return new PeerCertificates(x);
        } catch (Exception e) {
            throw new IllegalStateException("no trust store", e);
        }
        throw new IllegalStateException("no X.509 trust manager");
    }

    public boolean validFor(Certificate[] chain, String domain) {
        if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) return false;
        X509Certificate[] x509 = Arrays.stream(chain).filter(c -> c instanceof X509Certificate).toArray(X509Certificate[]::new);
        try {
            trust.checkClientTrusted(x509, leaf.getPublicKey().getAlgorithm());
            leaf.checkValidity();
        } catch (Exception untrusted) {
            return false;
        }
        return names(leaf, domain.toLowerCase(Locale.ROOT));
    }

    /** RFC 6125 §6.4: DNS-IDs only (a CN is not looked at when there are subjectAltNames, and every peer has them now). */
    static boolean names(X509Certificate leaf, String domain) {
        try {
            var sans = leaf.getSubjectAlternativeNames();
            if (sans == null) return false;
            for (List<?> san : sans) {
                if (!Integer.valueOf(2).equals(san.get(0))) continue; // dNSName
                String name = String.valueOf(san.get(1)).toLowerCase(Locale.ROOT);
                if (name.equals(domain)) return true;
                if (name.startsWith("*.") && domain.indexOf('.') > 0 && domain.substring(domain.indexOf('.') + 1).equals(name.substring(2))) return true;
            }
        } catch (CertificateParsingException e) {
            return false;
        }
        return false;
    }
}
