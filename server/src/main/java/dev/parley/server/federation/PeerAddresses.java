package dev.parley.server.federation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.InitialDirContext;

/**
 * Where to connect to reach a remote XMPP domain over server-to-server (RFC 6120 §3.2): a static route from the
 * configuration first (§3.2.3, {@code parley.s2s.routes}, a domain to "host:port", for tests and private networks);
 * else the DNS SRV records {@code _xmpps-server._tcp} (direct TLS, XEP-0368) and {@code _xmpp-server._tcp} (STARTTLS),
 * mixed and ordered by priority and weight as RFC 2782 says (XEP-0368 §3 rule 1); a lone record with target "."
 * means the domain offers no XMPP service, and nothing is tried (§3.2.1 step 3); without any record, the domain
 * itself on port 5269 (§3.2.2). For the outbound connections of federation (#16), to come.
 */
public final class PeerAddresses {
    /** A place to try: a host (name or address), a port, and whether TLS starts at once (xmpps) or by STARTTLS. */
    public record Candidate(String host, int port, boolean directTls) {}

    /** One SRV record (RFC 2782). */
    public record Srv(int priority, int weight, int port, String target) {}

    /** The SRV records of a name; empty when there are none (NXDOMAIN or no SRV). */
    public interface SrvLookup {
        List<Srv> lookup(String name) throws NamingException;
    }

    static final int DEFAULT_PORT = 5269;

    private final Map<String, Candidate> routes;
    private final SrvLookup dns;
    private final RandomGenerator random;

    public PeerAddresses(Map<String, Candidate> routes, SrvLookup dns, RandomGenerator random) {
        this.routes = Map.copyOf(routes);
        this.dns = dns;
        this.random = random;
    }

    /**
     * The configuration's routes: each a domain and "host:port" (an IPv6 address in brackets, "[::1]:5269").
     *
     * @throws IllegalArgumentException naming the route that is not one
     */
    public static Map<String, Candidate> routes(Map<String, String> configured) {
        Map<String, Candidate> out = new HashMap<>();
        configured.forEach((domain, address) -> {
            String a = address.strip();
            int colon = a.lastIndexOf(':');
            if (colon <= 0 || colon == a.length() - 1) throw new IllegalArgumentException("parley.s2s.routes: " + domain + " = \"" + address + "\" is not host:port");
            String host = a.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
            int port;
            try {
                port = Integer.parseInt(a.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("parley.s2s.routes: " + domain + " = \"" + address + "\" has no port number");
            }
            if (port < 1 || port > 65535) throw new IllegalArgumentException("parley.s2s.routes: " + domain + ": port " + port + " is out of range");
            out.put(domain.toLowerCase(Locale.ROOT), new Candidate(host, port, false));
        });
        return out;
    }

    /** The places to try for {@code domain}, in order; empty when the domain says it has no XMPP service. */
    public List<Candidate> candidates(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        Candidate route = routes.get(d);
        if (route != null) return List.of(route);
        List<Srv> direct, starttls;
        try {
            direct = dns.lookup("_xmpps-server._tcp." + d + ".");
            starttls = dns.lookup("_xmpp-server._tcp." + d + ".");
        } catch (NamingException e) {
            // no answer at all: the fallback of §3.2.1 step 9
            return List.of(new Candidate(d, DEFAULT_PORT, false));
        }
        if (direct.isEmpty() && starttls.isEmpty()) return List.of(new Candidate(d, DEFAULT_PORT, false)); // §3.2.2
        List<Candidate> tagged = new ArrayList<>();
        List<Srv> all = new ArrayList<>();
        for (Srv s : direct) {
            all.add(s);
            tagged.add(new Candidate(s.target(), s.port(), true));
        }
        for (Srv s : starttls) {
            all.add(s);
            tagged.add(new Candidate(s.target(), s.port(), false));
        }
        if (all.size() == 1 && isRoot(all.get(0).target())) return List.of(); // "decidedly not available"
        List<Integer> order = order(all);
        List<Candidate> out = new ArrayList<>(order.size());
        for (int i : order) {
            Candidate c = tagged.get(i);
            if (isRoot(c.host())) continue;
            String host = c.host().endsWith(".") ? c.host().substring(0, c.host().length() - 1) : c.host();
            out.add(new Candidate(host, c.port(), c.directTls()));
        }
        return out;
    }

    private static boolean isRoot(String target) {
        return target.equals(".") || target.isEmpty();
    }

    /**
     * RFC 2782's order: lowest priority first; within a priority, records drawn one by one with a probability
     * proportional to their weight (those of weight 0 placed first, as the RFC's procedure does, so that they are
     * drawn only rarely). Returns indexes into {@code records}.
     */
    List<Integer> order(List<Srv> records) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) idx.add(i);
        idx.sort((a, b) -> Integer.compare(records.get(a).priority(), records.get(b).priority()));
        List<Integer> out = new ArrayList<>(idx.size());
        int i = 0;
        while (i < idx.size()) {
            int j = i;
            while (j < idx.size() && records.get(idx.get(j)).priority() == records.get(idx.get(i)).priority()) j++;
            List<Integer> group = new ArrayList<>(idx.subList(i, j));
            group.sort((a, b) -> Integer.compare(records.get(a).weight() == 0 ? 0 : 1, records.get(b).weight() == 0 ? 0 : 1));
            while (!group.isEmpty()) {
                int total = 0;
                for (int g : group) total += records.get(g).weight();
                int pick = 0;
                if (total > 0) {
                    int r = random.nextInt(total + 1);
                    int running = 0;
                    for (int k = 0; k < group.size(); k++) {
                        running += records.get(group.get(k)).weight();
                        if (running >= r) {
                            pick = k;
                            break;
                        }
                    }
                }
                out.add(group.remove(pick));
            }
            i = j;
        }
        return out;
    }

    /** SRV records from the system's DNS (JNDI's DNS provider, in the JDK). */
    public static SrvLookup systemDns() {
        return name -> {
            Hashtable<String, String> env = new Hashtable<>();
            env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
            try {
                InitialDirContext ctx = new InitialDirContext(env);
                try {
                    Attribute srv = ctx.getAttributes(name, new String[] {"SRV"}).get("SRV");
                    if (srv == null) return List.of();
                    List<Srv> out = new ArrayList<>();
                    NamingEnumeration<?> values = srv.getAll();
                    while (values.hasMore()) {
                        String[] f = values.next().toString().trim().split("\\s+");
                        if (f.length == 4) out.add(new Srv(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]), f[3]));
                    }
                    return Collections.unmodifiableList(out);
                } finally {
                    ctx.close();
                }
            } catch (NameNotFoundException e) {
                return List.of(); // NXDOMAIN: an answer, with no records
            }
        };
    }
}
