package dev.parley.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the generator's accounts come from: registered in-band before logging in (XEP-0077; an account
 * that exists already is used as it is), pre-provisioned (a pattern such as {@code user%d} with one
 * password, or a file of {@code user:password} lines), or none at all (SASL ANONYMOUS).
 */
public final class Accounts {
    public enum Mode { REGISTER, EXISTING, FILE, ANONYMOUS }

    public record Account(String username, String password) {}

    private final Mode mode;
    private final String pattern;
    private final String password;
    private final List<Account> listed;
    private final int firstIndex;

    private Accounts(Mode mode, String pattern, String password, List<Account> listed, int firstIndex) {
        this.mode = mode;
        this.pattern = pattern;
        this.password = password;
        this.listed = listed;
        this.firstIndex = firstIndex;
    }

    /**
     * @param spec {@code register}, {@code existing}, {@code anonymous} or {@code file:PATH}
     * @param pattern the usernames, {@code %d} the client's number (from {@code firstIndex})
     */
    public static Accounts of(String spec, String pattern, String password, int firstIndex) throws IOException {
        if (spec.startsWith("file:")) {
            List<Account> listed = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of(spec.substring(5)))) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) continue;
                int colon = l.indexOf(':');
                if (colon <= 0) throw new IllegalArgumentException("account lines are user:password, not " + l);
                listed.add(new Account(l.substring(0, colon), l.substring(colon + 1)));
            }
            if (listed.isEmpty()) throw new IllegalArgumentException("no accounts in " + spec.substring(5));
            return new Accounts(Mode.FILE, pattern, password, listed, firstIndex);
        }
        Mode mode = switch (spec) {
            case "register" -> Mode.REGISTER;
            case "existing" -> Mode.EXISTING;
            case "anonymous" -> Mode.ANONYMOUS;
            default -> throw new IllegalArgumentException("--accounts is register, existing, anonymous or file:PATH, not " + spec);
        };
        if (mode != Mode.ANONYMOUS && !pattern.contains("%d")) throw new IllegalArgumentException("--user-pattern needs %d, as in user%d");
        return new Accounts(mode, pattern, password, List.of(), firstIndex);
    }

    public Mode mode() {
        return mode;
    }

    /** The account of client {@code i} (0-based); null for ANONYMOUS. */
    public Account forClient(int i) {
        return switch (mode) {
            case ANONYMOUS -> null;
            case FILE -> {
                if (i >= listed.size()) throw new IllegalArgumentException("the account file lists " + listed.size() + " accounts, fewer than the clients");
                yield listed.get(i);
            }
            default -> new Account(pattern.replace("%d", Integer.toString(firstIndex + i)), password);
        };
    }

    /** How many clients the accounts can serve. */
    public int capacity() {
        return mode == Mode.FILE ? listed.size() : Integer.MAX_VALUE;
    }
}
