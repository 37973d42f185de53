package dev.parley.server.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A self-signed certificate for the domain and its subdomains (the MUC service), with its key, written as PEM: what a
 * node without a configured certificate uses, made on its first start. Made with the JDK alone: the certificate is
 * the DER of RFC 5280 §4.1 written out here (one fixed shape: version 3, an RSA key, SHA-256 with RSA, the subject
 * its own issuer, the domains as dNSName subject alternative names, not a CA) and signed by {@link Signature}. Bouncy
 * Castle did this before; with it on the class path Netty loaded its provider into every node (about 600 classes,
 * and 8,000 of the jar's 40,000 entries; docs/footprint.md, eleventh pass).
 *
 * <p>{@code java -cp parley-server.jar dev.parley.server.net.SelfSignedCertificate DOMAIN DIR} writes
 * {@code DIR/DOMAIN.crt} and {@code DIR/DOMAIN.key}.
 */
public final class SelfSignedCertificate {
    private static final Logger log = LoggerFactory.getLogger(SelfSignedCertificate.class);
    private static final String SHA256_WITH_RSA = "1.2.840.113549.1.1.11";
    private static final String COMMON_NAME = "2.5.4.3";
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";

    private SelfSignedCertificate() {}

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: SelfSignedCertificate DOMAIN DIR");
            System.exit(2);
        }
        Path dir = Path.of(args[1]);
        generate(args[0], dir.resolve(args[0] + ".crt"), dir.resolve(args[0] + ".key"));
    }

    /** Writes a new RSA key (PKCS#8, readable by its owner only) and a certificate for it, valid ten years. */
    static void generate(String domain, Path certFile, Path keyFile) {
        try {
            Files.createDirectories(certFile.getParent());
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048, new SecureRandom());
            KeyPair pair = g.generateKeyPair();
            Instant now = Instant.now();
            byte[] cert = certificate(domain, pair, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)));
            Files.writeString(certFile, pem("CERTIFICATE", cert), StandardCharsets.US_ASCII);
            Files.writeString(keyFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII); // PKCS#8
            try {
                Files.setPosixFilePermissions(keyFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            log.info("Generated a self-signed TLS certificate for {} in {}", domain, certFile.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a self-signed certificate", e);
        }
    }

    /** The DER of the certificate (RFC 5280 §4.1): the TBSCertificate, the algorithm, the signature. */
    static byte[] certificate(String domain, KeyPair pair, Instant notBefore, Instant notAfter) throws GeneralSecurityException {
        byte[] algorithm = sequence(oid(SHA256_WITH_RSA), new byte[] {0x05, 0x00}); // parameters NULL (RFC 4055 §5)
        byte[] name = sequence(set(sequence(oid(COMMON_NAME), tlv(0x0c, domain.getBytes(StandardCharsets.UTF_8)))));
        String dns = java.net.IDN.toASCII(domain); // a dNSName is in A-labels (§4.2.1.6, §7.2)
        byte[] san = sequence(tlv(0x82, ascii(dns)), tlv(0x82, ascii("*." + dns))); // dNSName [2]
        byte[] extensions = sequence(
                sequence(oid(SUBJECT_ALT_NAME), tlv(0x04, san)),
                sequence(oid(BASIC_CONSTRAINTS), new byte[] {0x01, 0x01, (byte) 0xff}, tlv(0x04, sequence()))); // critical, not a CA
        byte[] tbs = sequence(
                tlv(0xa0, integer(BigInteger.TWO)), // version: v3
                integer(new BigInteger(64, new SecureRandom()).setBit(62)), // positive, at most 20 octets (§4.1.2.2)
                algorithm,
                name,
                sequence(time(notBefore), time(notAfter)),
                name,
                pair.getPublic().getEncoded(), // SubjectPublicKeyInfo, as the JDK encodes it
                tlv(0xa3, extensions));
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(pair.getPrivate());
        s.update(tbs);
        byte[] signature = s.sign();
        byte[] bits = new byte[signature.length + 1]; // BIT STRING: no unused bits
        System.arraycopy(signature, 0, bits, 1, signature.length);
        return sequence(tbs, algorithm, tlv(0x03, bits));
    }

    /** §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050 on, in seconds and Zulu. */
    private static byte[] time(Instant t) {
        var utc = t.atOffset(ZoneOffset.UTC);
        return utc.getYear() < 2050
                ? tlv(0x17, ascii(utc.format(DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'"))))
                : tlv(0x18, ascii(utc.format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'"))));
    }

    private static byte[] integer(BigInteger i) {
        return tlv(0x02, i.toByteArray()); // two's complement, fewest octets (X.690 §8.3)
    }

    private static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        base128(out, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1])); // X.690 §8.19
        for (int i = 2; i < arcs.length; i++) base128(out, Long.parseLong(arcs[i]));
        return tlv(0x06, out.toByteArray());
    }

    private static void base128(ByteArrayOutputStream out, long value) {
        int groups = 1;
        while ((value >>> (7 * groups)) != 0) groups++;
        for (int g = groups - 1; g >= 0; g--) out.write((int) ((value >>> (7 * g)) & 0x7f) | (g > 0 ? 0x80 : 0));
    }

    private static byte[] sequence(byte[]... parts) {
        return tlv(0x30, concat(parts));
    }

    private static byte[] set(byte[]... parts) {
        return tlv(0x31, concat(parts));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    /** Tag, length (definite, X.690 §8.1.3: short form under 128, else the octets of the length after 0x8n), value. */
    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
        out.write(tag);
        int n = value.length;
        if (n < 128) {
            out.write(n);
        } else {
            int octets = n < 0x100 ? 1 : n < 0x10000 ? 2 : n < 0x1000000 ? 3 : 4;
            out.write(0x80 | octets);
            for (int i = octets - 1; i >= 0; i--) out.write(n >>> (8 * i));
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** RFC 7468: the label's lines around the base64 of the DER, 64 characters a line. */
    private static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }
}
