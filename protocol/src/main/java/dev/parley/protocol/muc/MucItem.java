package dev.parley.protocol.muc;

import dev.parley.protocol.xml.Element;

/**
 * The {@code <item/>} of muc#user (in presence: who an occupant is) and of muc#admin (in role and
 * affiliation requests and lists). The same shape in both namespaces; the namespace is chosen when it is
 * written.
 *
 * @param affiliation the affiliation, or null when absent
 * @param role the role, or null when absent
 * @param jid a (real) JID, or null
 * @param nick a room nickname, or null
 * @param actor who made the change, or null
 * @param reason a reason, or null
 * @param continueThread for muc#user {@code <continue/>} (§7.9): "" when it has no thread, null when absent
 */
public record MucItem(Affiliation affiliation, Role role, String jid, String nick, Actor actor, String reason, String continueThread) {
    public static final String ELEMENT = "item";

    public static MucItem of(Affiliation affiliation, Role role) {
        return new MucItem(affiliation, role, null, null, null, null, null);
    }

    /** Reads an item; throws {@link IllegalArgumentException} for an undefined role or affiliation. */
    public static MucItem from(Element e) {
        String ns = e.namespace();
        Element cont = e.child("continue", ns);
        return new MucItem(
                Affiliation.fromValue(e.attribute("affiliation")),
                Role.fromValue(e.attribute("role")),
                e.attribute("jid"),
                e.attribute("nick"),
                Actor.from(e.child(Actor.ELEMENT, ns)),
                e.childText("reason", ns),
                cont == null ? null : cont.attribute("thread") == null ? "" : cont.attribute("thread"));
    }

    public MucItem withJid(String newJid) {
        return new MucItem(affiliation, role, newJid, nick, actor, reason, continueThread);
    }

    public MucItem withNick(String newNick) {
        return new MucItem(affiliation, role, jid, newNick, actor, reason, continueThread);
    }

    public MucItem withActor(Actor newActor) {
        return new MucItem(affiliation, role, jid, nick, newActor, reason, continueThread);
    }

    public MucItem withReason(String newReason) {
        return new MucItem(affiliation, role, jid, nick, actor, newReason, continueThread);
    }

    public Element toElement(String namespace) {
        Element.Builder b = Element.builder(ELEMENT, namespace)
                .attribute("affiliation", affiliation == null ? null : affiliation.value())
                .attribute("jid", jid)
                .attribute("nick", nick)
                .attribute("role", role == null ? null : role.value());
        if (actor != null) b.add(actor.toElement(namespace));
        if (continueThread != null) {
            b.add(Element.builder("continue", namespace).attribute("thread", continueThread.isEmpty() ? null : continueThread).build());
        }
        b.textChild("reason", reason);
        return b.build();
    }
}
