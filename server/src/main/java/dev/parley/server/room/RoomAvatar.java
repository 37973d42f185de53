package dev.parley.server.room;

import dev.parley.protocol.xml.Element;
import dev.parley.server.wire.CborSerializable;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * A room's avatar (XEP-0486): the vCard-temp (XEP-0054) an owner set on the room, kept as it was sent, and the
 * XEP-0153 hash of each of its photos (SHA-1 of the image bytes, hex), for muc#roominfo_avatarhash and the room's
 * presence.
 *
 * @param vcard the {@code <vCard xmlns='vcard-temp'/>} as set
 * @param hashes one hash per {@code <PHOTO/>}, in order
 */
public record RoomAvatar(Element vcard, List<String> hashes) implements CborSerializable {
    public static final String VCARD = "vcard-temp";
    public static final String UPDATE = "vcard-temp:x:update";

    public RoomAvatar {
        hashes = List.copyOf(hashes);
    }

    /**
     * The avatar of a vCard an owner sets: null for one without a photo (an empty vCard removes the avatar, §3.2).
     *
     * @throws IllegalArgumentException when a photo is not base64, has no type, or its image is over {@code maxBytes}
     */
    static RoomAvatar of(Element vcard, int maxBytes) {
        List<String> hashes = new ArrayList<>();
        for (Element photo : vcard.children("PHOTO", VCARD)) {
            String type = photo.childText("TYPE", VCARD);
            String binval = photo.childText("BINVAL", VCARD);
            if (binval == null || type == null || type.isBlank()) throw new IllegalArgumentException("a PHOTO has a TYPE and a BINVAL");
            byte[] image;
            try {
                image = Base64.getMimeDecoder().decode(binval.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the BINVAL is not base64");
            }
            if (image.length == 0) throw new IllegalArgumentException("the BINVAL is empty");
            if (image.length > maxBytes) throw new IllegalArgumentException("the image is over " + maxBytes + " bytes");
            try {
                hashes.add(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(image)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return hashes.isEmpty() ? null : new RoomAvatar(vcard, hashes);
    }

    /** XEP-0486 §5.2 (XEP-0153): the room's own presence announcing the avatar (an empty photo when it has none). */
    static Element presence(String room, RoomAvatar avatar) {
        Element.Builder photo = Element.builder("photo", UPDATE);
        if (avatar != null) photo.text(avatar.hashes().get(0));
        return Element.builder("presence", "jabber:client").attribute("from", room).add(Element.builder("x", UPDATE).add(photo.build()).build()).build();
    }
}
