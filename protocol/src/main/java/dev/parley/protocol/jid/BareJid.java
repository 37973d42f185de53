package dev.parley.protocol.jid;

import java.util.Objects;

/** A JID without a resource: {@code localpart@domainpart} or just {@code domainpart}. */
public final class BareJid implements Jid, Comparable<BareJid> {
    private final Localpart local;
    private final Domainpart domain;
    private String string;

    BareJid(Localpart local, Domainpart domain) {
        this(local, domain, null);
    }

    /** {@code string}: this JID as a string, when the caller has it already (parsed from its canonical form), or null. */
    BareJid(Localpart local, Domainpart domain, String string) {
        this.local = local;
        this.domain = Objects.requireNonNull(domain, "domain");
        this.string = string;
    }

    public static BareJid of(Localpart local, Domainpart domain) {
        return new BareJid(local, domain);
    }

    /** Parses a bare JID; throws {@link JidFormatException} when the string has a resource or is invalid. */
    public static BareJid of(String s) {
        Jid j = Jid.of(s);
        if (j instanceof BareJid b) return b;
        throw new JidFormatException("not a bare JID: " + s);
    }

    public static BareJid domain(String domain) {
        return new BareJid(null, Domainpart.of(domain));
    }

    @Override
    public Localpart local() {
        return local;
    }

    @Override
    public Domainpart domain() {
        return domain;
    }

    @Override
    public Resourcepart resource() {
        return null;
    }

    @Override
    public BareJid asBare() {
        return this;
    }

    public FullJid withResource(Resourcepart resource) {
        return new FullJid(this, resource);
    }

    public FullJid withResource(String resource) {
        return new FullJid(this, Resourcepart.of(resource));
    }

    /** This JID's domain as a bare JID (a server, a MUC service). */
    public BareJid domainJid() {
        return local == null ? this : new BareJid(null, domain);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BareJid b && Objects.equals(b.local, local) && b.domain.equals(domain);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(local) * 31 + domain.hashCode();
    }

    @Override
    public int compareTo(BareJid o) {
        return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
        String s = string;
        if (s == null) string = s = local == null ? domain.value() : local.value() + '@' + domain.value();
        return s;
    }
}
