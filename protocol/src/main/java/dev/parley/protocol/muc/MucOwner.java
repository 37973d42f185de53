package dev.parley.protocol.muc;

import dev.parley.protocol.xdata.DataForm;
import dev.parley.protocol.xml.Element;

/**
 * {@code <query xmlns='http://jabber.org/protocol/muc#owner'>}: empty to request the configuration form,
 * with a data form to submit or cancel it (§10.1–§10.2), or with {@code <destroy/>} (§10.9).
 */
public record MucOwner(DataForm form, Destroy destroy) {
    public static final String ELEMENT = "query";
    public static final String NAMESPACE = "http://jabber.org/protocol/muc#owner";

    public static final MucOwner EMPTY = new MucOwner(null, null);

    public static MucOwner of(DataForm form) {
        return new MucOwner(form, null);
    }

    public static MucOwner of(Destroy destroy) {
        return new MucOwner(null, destroy);
    }

    public static MucOwner from(Element e) {
        if (e == null || !e.is(ELEMENT, NAMESPACE)) return null;
        return new MucOwner(DataForm.findIn(e), Destroy.from(e.child(Destroy.ELEMENT, NAMESPACE)));
    }

    public boolean isEmpty() {
        return form == null && destroy == null;
    }

    public Element toElement() {
        Element.Builder b = Element.builder(ELEMENT, NAMESPACE);
        if (form != null) b.add(form.toElement());
        if (destroy != null) b.add(destroy.toElement(NAMESPACE));
        return b.build();
    }
}
