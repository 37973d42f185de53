package dev.parley.server.session.sasl;

import com.ongres.scram.common.ScramMechanism;
import dev.parley.server.ServerSettings;
import dev.parley.server.account.AccountStore;
import java.util.ArrayList;
import java.util.List;

/** Which SASL mechanisms a connection is offered (RFC 6120 §6.3.3), and the server side of the one a client picks. */
public final class Mechanisms {
    private Mechanisms() {}

    /** The configured mechanisms, PLAIN only over TLS (RFC 6120 §13.8), ANONYMOUS when enabled. */
    public static List<String> offered(ServerSettings settings, boolean secure) {
        List<String> out = new ArrayList<>();
        for (String m : settings.saslMechanisms()) {
            if (m.equals("PLAIN") && !secure) continue;
            out.add(m);
        }
        if (settings.allowAnonymous()) out.add("ANONYMOUS");
        return out;
    }

    /** The server side of mechanism {@code name}, or null when it is not one we implement. */
    public static SaslMechanism start(String name, AccountStore accounts) {
        return switch (name) {
            case "SCRAM-SHA-256" -> new ScramServer(ScramMechanism.SCRAM_SHA_256, accounts);
            case "SCRAM-SHA-1" -> new ScramServer(ScramMechanism.SCRAM_SHA_1, accounts);
            case "PLAIN" -> new PlainMechanism(accounts);
            case "ANONYMOUS" -> new AnonymousMechanism();
            default -> null;
        };
    }
}
