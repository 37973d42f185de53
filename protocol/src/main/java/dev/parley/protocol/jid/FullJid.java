package dev.parley.protocol.jid;

import java.util.Objects;

/** A JID with a resource: a client's session, or an occupant of a room ({@code room@service/nick}). */
public final class FullJid implements Jid, Comparable<FullJid> {
    private final BareJid bare;
    private final Resourcepart resource;
    private String string;

    FullJid(BareJid bare, Resourcepart resource) {
        this(bare, resource, null);
    }

    /** {@code string}: this JID as a string, when the caller has it already (parsed from its canonical form), or null. */
    FullJid(BareJid bare, Resourcepart resource, String string) {
        this.bare = Objects.requireNonNull(bare, "bare");
        this.resource = Objects.requireNonNull(resource, "resource");
        this.string = string;
    }

    public static FullJid of(BareJid bare, Resourcepart resource) {
        return new FullJid(bare, resource);
    }

    /** Parses a full JID; throws {@link JidFormatException} when the string has no resource or is invalid. */
    public static FullJid of(String s) {
        return Jid.of(s).asFullOrThrow();
    }

    @Override
    public Localpart local() {
        return bare.local();
    }

    @Override
    public Domainpart domain() {
        return bare.domain();
    }

    @Override
    public Resourcepart resource() {
        return resource;
    }

    @Override
    public BareJid asBare() {
        return bare;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FullJid f && f.bare.equals(bare) && f.resource.equals(resource);
    }

    @Override
    public int hashCode() {
        return bare.hashCode() * 31 + resource.hashCode();
    }

    @Override
    public int compareTo(FullJid o) {
        return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
        String s = string;
        if (s == null) string = s = bare + "/" + resource.value();
        return s;
    }
}
