package dev.parley.server.room;

import dev.parley.protocol.xml.Element;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Occupant identifiers (XEP-0421): an HMAC-SHA-256 of the occupant's real bare JID under the room's own
 * secret (created with the room, kept in its journal, §4.1): stable across visits and restarts, different
 * in every room, and not computable from the JID alone.
 */
final class OccupantIds {
    static final String NAMESPACE = "urn:xmpp:occupant-id:0";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The room's secret (base64): a MAC is made from it when an id is first computed, and not kept (about 700 bytes a room). */
    private final String secret;
    /** The ids computed lately, by real bare JID, the least recently used dropped past {@link #CACHED}: made when the first is computed. */
    private Map<String, String> byBareJid;
    /** Enough for every occupant of all but the largest rooms; beyond it an id costs one HMAC again. */
    static final int CACHED = 512;

    OccupantIds(String secret) {
        Base64.getDecoder().decode(secret); // a malformed secret fails here, not at the first occupant
        this.secret = secret;
    }

    private String compute(String realBareJid) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(realBareJid.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh room secret, base64. */
    static String newSecret() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    String of(String realBareJid) {
        return of(realBareJid, true);
    }

    /** The id; kept for next time only with {@code keep} (not for the last one out of a room, which then keeps none). */
    String of(String realBareJid, boolean keep) {
        if (!keep) {
            String known = byBareJid == null ? null : byBareJid.get(realBareJid);
            return known != null ? known : compute(realBareJid);
        }
        if (byBareJid == null) {
            byBareJid = new java.util.LinkedHashMap<>(4, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                    return size() > CACHED;
                }
            };
        }
        return byBareJid.computeIfAbsent(realBareJid, this::compute);
    }

    /** Whether no id is kept. */
    boolean isEmpty() {
        return byBareJid == null || byBareJid.isEmpty();
    }

    /** The room emptied: the ids it computed are dropped (the next occupants' are computed again). */
    void forget() {
        byBareJid = null;
    }

    /** The element the room attaches to a stanza from this occupant (§3); the id kept for next time with {@code keep}. */
    Element element(String realBareJid, boolean keep) {
        return Element.builder("occupant-id", NAMESPACE).attribute("id", of(realBareJid, keep)).build();
    }

    /** §4: an occupant-id a client put in its own stanza is not the room's: removed before the room adds its own. */
    static Element withoutClaimed(Element stanza) {
        return stanza.withoutChildren(n -> n instanceof Element e && e.is("occupant-id", NAMESPACE));
    }
}
