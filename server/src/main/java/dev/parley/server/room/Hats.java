package dev.parley.server.room;

import dev.parley.protocol.xml.Element;
import dev.parley.server.wire.CborSerializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The hats of a room (XEP-0317): those it defines, each by its URI with a title and an optional hue, and which
 * users (bare JIDs) wear which. A hat goes with its wearer from device to device and visit to visit; destroying a
 * hat takes it off everyone (§3.3).
 *
 * @param defined the hats, in order of creation
 * @param worn the URIs of the hats each bare JID wears, in order of assignment
 */
public record Hats(List<Hat> defined, Map<String, List<String>> worn) implements CborSerializable {
    public static final String NAMESPACE = "urn:xmpp:hats:0";
    public static final Hats NONE = new Hats(List.of(), Map.of());

    /** One hat: its unique URI, its title, and its hue angle (null for none). */
    public record Hat(String uri, String title, String hue) implements CborSerializable {}

    public Hats {
        defined = List.copyOf(defined);
        Map<String, List<String>> copy = new HashMap<>();
        worn.forEach((jid, uris) -> copy.put(jid, List.copyOf(uris)));
        worn = Map.copyOf(copy);
    }

    public Hat hat(String uri) {
        for (Hat h : defined) if (h.uri().equals(uri)) return h;
        return null;
    }

    /** §3.2: a new hat, or a hat with the same URI updated. */
    Hats with(Hat hat) {
        List<Hat> next = new ArrayList<>(defined);
        int at = -1;
        for (int i = 0; i < next.size(); i++) if (next.get(i).uri().equals(hat.uri())) at = i;
        if (at >= 0) next.set(at, hat);
        else next.add(hat);
        return new Hats(next, worn);
    }

    /** §3.3: the hat gone, and off everyone who wore it. */
    Hats without(String uri) {
        List<Hat> next = new ArrayList<>(defined);
        next.removeIf(h -> h.uri().equals(uri));
        Map<String, List<String>> w = new HashMap<>();
        worn.forEach((jid, uris) -> {
            List<String> kept = new ArrayList<>(uris);
            kept.remove(uri);
            if (!kept.isEmpty()) w.put(jid, kept);
        });
        return new Hats(next, w);
    }

    /** §3.5: {@code bareJid} wears the hat too. */
    Hats assigned(String bareJid, String uri) {
        Map<String, List<String>> w = new HashMap<>(worn);
        List<String> uris = new ArrayList<>(w.getOrDefault(bareJid, List.of()));
        if (!uris.contains(uri)) uris.add(uri);
        w.put(bareJid, uris);
        return new Hats(defined, w);
    }

    /** §3.6: {@code bareJid} no longer wears the hat. */
    Hats unassigned(String bareJid, String uri) {
        Map<String, List<String>> w = new HashMap<>(worn);
        List<String> uris = new ArrayList<>(w.getOrDefault(bareJid, List.of()));
        uris.remove(uri);
        if (uris.isEmpty()) w.remove(bareJid);
        else w.put(bareJid, uris);
        return new Hats(defined, w);
    }

    /** §3.1: the {@code <hats/>} element of a user's presence, or null when it wears none. */
    Element of(String bareJid) {
        List<String> uris = worn.get(bareJid);
        if (uris == null || uris.isEmpty()) return null;
        Element.Builder b = Element.builder("hats", NAMESPACE);
        for (String uri : uris) {
            Hat h = hat(uri);
            if (h != null) b.add(Element.builder("hat", NAMESPACE).attribute("uri", h.uri()).attribute("title", h.title()).attribute("hue", h.hue()).build());
        }
        return b.build();
    }

    /** §2: the hash of the hat list for muc#roominfo ({@code hats#hash}): SHA-1 of the URIs in order, hex; null for none. */
    String hash() {
        if (defined.isEmpty()) return null;
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            for (Hat h : defined) {
                sha1.update(h.uri().getBytes(StandardCharsets.UTF_8));
                sha1.update((byte) '<');
            }
            return HexFormat.of().formatHex(sha1.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
