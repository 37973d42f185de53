package dev.parley.protocol.component;

import dev.parley.protocol.xml.Element;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * XEP-0114 Jabber Component Protocol, the accept side's handshake (§3): the component opens a stream in
 * {@value #NAMESPACE} to its own domain, the server answers with a stream id, and the component proves it
 * knows the shared secret with {@code <handshake>} holding the hex SHA-1 of the id followed by the secret; an
 * empty {@code <handshake/>} from the server means it is connected, a stream error ({@code not-authorized})
 * that it is not.
 */
public final class ComponentHandshake {
    /** The content namespace of a component stream. */
    public static final String NAMESPACE = "jabber:component:accept";
    public static final String ELEMENT = "handshake";

    private ComponentHandshake() {}

    /** §3 step 3: lower-case hex of SHA-1(stream id + secret), each as UTF-8. */
    public static String digest(String streamId, String secret) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] hash = sha1.digest((streamId + secret).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JVM", e);
        }
    }

    /** The component's {@code <handshake>} for the stream {@code streamId}. */
    public static Element request(String streamId, String secret) {
        return Element.builder(ELEMENT, NAMESPACE).text(digest(streamId, secret)).build();
    }

    /** Whether {@code e} is the server's empty {@code <handshake/>}: the component is accepted. */
    public static boolean isSuccess(Element e) {
        return e.is(ELEMENT, NAMESPACE);
    }
}
