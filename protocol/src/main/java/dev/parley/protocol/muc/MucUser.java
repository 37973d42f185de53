package dev.parley.protocol.muc;

import dev.parley.protocol.xml.Element;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code <x xmlns='http://jabber.org/protocol/muc#user'>}: what the room tells occupants about an
 * occupant (items, status codes), and the invitation, decline, destruction and password elements
 * (XEP-0045 §19.2).
 */
public record MucUser(List<MucItem> items, List<Status> statuses, List<Invite> invites, Decline decline, Destroy destroy, String password) {
    public static final String ELEMENT = "x";
    public static final String NAMESPACE = "http://jabber.org/protocol/muc#user";

    public MucUser {
        items = List.copyOf(items);
        statuses = List.copyOf(statuses);
        invites = List.copyOf(invites);
    }

    public static MucUser of(MucItem item, Status... statuses) {
        return new MucUser(List.of(item), List.of(statuses), List.of(), null, null, null);
    }

    public static MucUser invite(Invite invite, String password) {
        return new MucUser(List.of(), List.of(), List.of(invite), null, null, password);
    }

    public static MucUser decline(Decline decline) {
        return new MucUser(List.of(), List.of(), List.of(), decline, null, null);
    }

    /** Reads the muc#user element out of a stanza, or null when it has none. */
    public static MucUser fromParent(Element stanza) {
        return from(stanza.child(ELEMENT, NAMESPACE));
    }

    /** Reads the element; throws {@link IllegalArgumentException} for an undefined role, affiliation or code. */
    public static MucUser from(Element e) {
        if (e == null || !e.is(ELEMENT, NAMESPACE)) return null;
        List<MucItem> items = new ArrayList<>();
        List<Status> statuses = new ArrayList<>();
        List<Invite> invites = new ArrayList<>();
        Decline decline = null;
        Destroy destroy = null;
        String password = null;
        for (Element c : e.elements()) {
            if (!c.namespace().equals(NAMESPACE)) continue;
            switch (c.name()) {
                case MucItem.ELEMENT -> items.add(MucItem.from(c));
                case "status" -> statuses.add(Status.of(c.attribute("code")));
                case Invite.ELEMENT -> invites.add(Invite.from(c));
                case Decline.ELEMENT -> decline = Decline.from(c);
                case Destroy.ELEMENT -> destroy = Destroy.from(c);
                case "password" -> password = c.text();
                default -> {}
            }
        }
        return new MucUser(items, statuses, invites, decline, destroy, password);
    }

    public MucItem item() {
        return items.isEmpty() ? null : items.get(0);
    }

    public boolean hasStatus(Status status) {
        return statuses.contains(status);
    }

    public MucUser withStatuses(List<Status> newStatuses) {
        return new MucUser(items, newStatuses, invites, decline, destroy, password);
    }

    public MucUser withDestroy(Destroy newDestroy) {
        return new MucUser(items, statuses, invites, decline, newDestroy, password);
    }

    public Element toElement() {
        Element.Builder b = Element.builder(ELEMENT, NAMESPACE);
        if (decline != null) b.add(decline.toElement());
        if (destroy != null) b.add(destroy.toElement(NAMESPACE));
        for (Invite i : invites) b.add(i.toElement());
        for (MucItem i : items) b.add(i.toElement(NAMESPACE));
        b.textChild("password", password);
        for (Status s : statuses) b.add(Element.builder("status", NAMESPACE).attribute("code", s.code()).build());
        return b.build();
    }
}
