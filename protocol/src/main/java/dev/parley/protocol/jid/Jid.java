package dev.parley.protocol.jid;

import java.util.Optional;

/**
 * An XMPP address (RFC 7622): {@code [localpart@]domainpart[/resourcepart]}, every part enforced and
 * normalised with its PRECIS profile, so that two JIDs that mean the same entity are {@code equals}.
 *
 * <p>Two types: a {@link BareJid} (no resource: an account, a room, a domain) and a {@link FullJid}
 * (with a resource: a connected client, a room occupant). Conversions come in pairs, as in jxmpp:
 * {@code asFullIfPossible()} / {@code asFullOrThrow()}.
 */
public sealed interface Jid permits BareJid, FullJid {
    /** The localpart, or null for a domain JID. */
    Localpart local();

    Domainpart domain();

    /** The resourcepart, or null for a bare JID. */
    Resourcepart resource();

    BareJid asBare();

    default boolean isBare() {
        return this instanceof BareJid;
    }

    default boolean hasLocal() {
        return local() != null;
    }

    default Optional<FullJid> asFullIfPossible() {
        return this instanceof FullJid f ? Optional.of(f) : Optional.empty();
    }

    default FullJid asFullOrThrow() {
        if (this instanceof FullJid f) return f;
        throw new JidFormatException("not a full JID: " + this);
    }

    /**
     * Parses and normalises a JID as RFC 7622 §3.1 prescribes: the resourcepart is everything after the
     * first '/', the localpart everything before the first '@' of what remains.
     *
     * @throws JidFormatException when any part is empty, too long or not allowed by its profile
     */
    static Jid of(String s) {
        if (s == null) throw new JidFormatException("null JID");
        int slash = s.indexOf('/');
        String bare = slash < 0 ? s : s.substring(0, slash);
        int at = bare.indexOf('@');
        String localIn = at < 0 ? null : bare.substring(0, at);
        String domainIn = at < 0 ? bare : bare.substring(at + 1);
        Localpart local = localIn == null ? null : Localpart.of(localIn);
        Domainpart domain = Domainpart.of(domainIn);
        // a JID given in its canonical form keeps the given string as its own (no second copy when it is printed)
        boolean canonical = (local == null || local.value().equals(localIn)) && domain.value().equals(domainIn);
        BareJid b = new BareJid(local, domain, canonical ? bare : null);
        if (slash < 0) return b;
        String resourceIn = s.substring(slash + 1);
        Resourcepart resource = Resourcepart.of(resourceIn);
        return new FullJid(b, resource, canonical && resource.value().equals(resourceIn) ? s : null);
    }

    /** Like {@link #of(String)}, but null for null or malformed input. */
    static Jid parseOrNull(String s) {
        if (s == null) return null;
        try {
            return of(s);
        } catch (JidFormatException e) {
            return null;
        }
    }
}
