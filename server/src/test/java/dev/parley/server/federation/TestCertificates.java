package dev.parley.server.federation;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A certificate authority of the tests' own, and server certificates it signs: what a private network's PKI gives. */
final class TestCertificates {
    private final KeyPair caKeys;
    private final X509Certificate ca;
    final Path dir;

    TestCertificates(Path dir) throws Exception {
        this.dir = dir;
        caKeys = keys();
        X500Name name = new X500Name("CN=Parley test CA");
        var b = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(Instant.now().minus(Duration.ofDays(1))),
                Date.from(Instant.now().plus(Duration.ofDays(30))), name, caKeys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        ca = new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(caKeys.getPrivate())));
        Files.writeString(caFile(), pem(ca));
    }

    Path caFile() {
        return dir.resolve("ca.pem");
    }

    /** A certificate for {@code domain} and its subdomains, signed by the CA: [certificate file, key file]. */
    Path[] server(String domain) throws Exception {
        KeyPair k = keys();
        var b = new JcaX509v3CertificateBuilder(new X500Name("CN=Parley test CA"), BigInteger.valueOf(System.nanoTime()),
                Date.from(Instant.now().minus(Duration.ofDays(1))), Date.from(Instant.now().plus(Duration.ofDays(30))),
                new X500Name("CN=" + domain), k.getPublic());
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, domain), new GeneralName(GeneralName.dNSName, "*." + domain)}));
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(caKeys.getPrivate())));
        Path certFile = dir.resolve(domain + ".crt");
        Path keyFile = dir.resolve(domain + ".key");
        Files.writeString(certFile, pem(cert) + pem(ca));
        Files.writeString(keyFile, pem(new JcaPKCS8Generator(k.getPrivate(), null).generate()));
        return new Path[] {certFile, keyFile};
    }

    private static KeyPair keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    private static String pem(Object o) throws Exception {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(o);
        }
        return w.toString();
    }
}
