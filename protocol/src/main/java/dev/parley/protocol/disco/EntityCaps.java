package dev.parley.protocol.disco;

import dev.parley.protocol.xdata.DataForm;
import dev.parley.protocol.xdata.FormField;
import dev.parley.protocol.xml.Element;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

/**
 * XEP-0115 Entity Capabilities: the verification string of a disco#info (§5.1, SHA-1) and the {@code <c/>} element
 * that carries it, in presence or, for a server, in its stream features (§6.3).
 */
public final class EntityCaps {
    public static final String NAMESPACE = "http://jabber.org/protocol/caps";

    private EntityCaps() {}

    /** §5.1: the verification string of {@code info} (identities, features, XEP-0128 forms), SHA-1, base64. */
    public static String ver(DiscoInfo info) {
        StringBuilder s = new StringBuilder();
        List<String> identities = new ArrayList<>();
        for (DiscoInfo.Identity i : info.identities()) {
            identities.add(i.category() + "/" + nullToEmpty(i.type()) + "/" + nullToEmpty(i.lang()) + "/" + nullToEmpty(i.name()));
        }
        identities.sort(Comparator.comparing(EntityCaps::octets, EntityCaps::compareOctets));
        for (String i : identities) s.append(i).append('<');
        List<String> features = new ArrayList<>(info.features());
        features.sort(Comparator.comparing(EntityCaps::octets, EntityCaps::compareOctets));
        for (String f : features) s.append(f).append('<');
        List<DataForm> forms = new ArrayList<>(info.extensions());
        forms.sort(Comparator.comparing(f -> octets(nullToEmpty(f.formType())), EntityCaps::compareOctets));
        for (DataForm form : forms) {
            s.append(nullToEmpty(form.formType())).append('<');
            List<FormField> fields = new ArrayList<>(form.fields());
            fields.removeIf(f -> DataForm.FORM_TYPE.equals(f.var()));
            fields.sort(Comparator.comparing(f -> octets(nullToEmpty(f.var())), EntityCaps::compareOctets));
            for (FormField f : fields) {
                s.append(f.var()).append('<');
                List<String> values = new ArrayList<>(f.values());
                values.sort(Comparator.comparing(EntityCaps::octets, EntityCaps::compareOctets));
                for (String v : values) s.append(v).append('<');
            }
        }
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(s.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** §4: {@code <c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='…' ver='…'/>}. */
    public static Element element(String node, String ver) {
        return Element.builder("c", NAMESPACE).attribute("hash", "sha-1").attribute("node", node).attribute("ver", ver).build();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static byte[] octets(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** "i;octet" collation (RFC 4790 §9.3): unsigned bytes, shorter first on a common prefix. */
    private static int compareOctets(byte[] a, byte[] b) {
        return java.util.Arrays.compareUnsigned(a, b);
    }
}
