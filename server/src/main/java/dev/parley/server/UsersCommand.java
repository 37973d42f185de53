package dev.parley.server;

import dev.parley.server.account.AccountStore;
import java.io.Console;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code scripts/users}: add, remove, list accounts and set passwords, in the node's data directory. */
@Command(name = "users", mixinStandardHelpOptions = true, description = "Manages accounts (works while the node runs).",
        subcommands = {UsersCommand.Add.class, UsersCommand.Remove.class, UsersCommand.ListUsers.class, UsersCommand.Password.class})
public final class UsersCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "The node's data directory (default: as scripts/run).", scope = picocli.CommandLine.ScopeType.INHERIT)
    java.nio.file.Path dataDir;

    @Option(names = "--config", paramLabel = "FILE", description = "The node's configuration file (default: as scripts/run).", scope = picocli.CommandLine.ScopeType.INHERIT)
    java.nio.file.Path config;

    @Override
    public Integer call() {
        System.err.println("Say what to do: add, remove, list or passwd (see --help).");
        return 2;
    }

    AccountStore open() {
        if (dataDir != null) main.dataDir = dataDir;
        if (config != null) main.config = config;
        com.typesafe.config.Config config = main.loadConfig();
        ServerSettings s = ServerSettings.from(config);
        return new AccountStore(dev.parley.server.storage.Storage.from(config, s.dataDir()), s.scramIterations());
    }

    static String password(String given, String user) {
        if (given != null) return given;
        String env = System.getenv("PARLEY_PASSWORD");
        if (env != null) return env;
        Console c = System.console();
        if (c == null) throw new IllegalArgumentException("give the password with --password or PARLEY_PASSWORD");
        char[] p = c.readPassword("Password for %s: ", user);
        return new String(p);
    }

    static class UserArg {
        @Parameters(index = "0", paramLabel = "USERNAME", description = "The account's username (the localpart of its JID).")
        String username;
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Creates an account.")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        UsersCommand users;

        @Mixin
        UserArg user;

        @Option(names = "--password", description = "The password (else PARLEY_PASSWORD, else asked).")
        String password;

        @Override
        public Integer call() {
            try (AccountStore store = users.open()) {
                if (!store.create(user.username, password(password, user.username))) {
                    System.err.println(user.username + " exists already.");
                    return 1;
                }
                System.out.println("Added " + AccountStore.normalize(user.username) + ".");
                return 0;
            }
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Deletes an account.")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        UsersCommand users;

        @Mixin
        UserArg user;

        @Override
        public Integer call() {
            try (AccountStore store = users.open()) {
                if (!store.delete(user.username)) {
                    System.err.println("No account " + user.username + ".");
                    return 1;
                }
                System.out.println("Removed " + AccountStore.normalize(user.username) + ".");
                return 0;
            }
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true, description = "Sets an account's password.")
    static final class Password implements Callable<Integer> {
        @ParentCommand
        UsersCommand users;

        @Mixin
        UserArg user;

        @Option(names = "--password", description = "The new password (else PARLEY_PASSWORD, else asked).")
        String password;

        @Override
        public Integer call() {
            try (AccountStore store = users.open()) {
                if (!store.changePassword(user.username, password(password, user.username))) {
                    System.err.println("No account " + user.username + ".");
                    return 1;
                }
                System.out.println("Password changed.");
                return 0;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the accounts.")
    static final class ListUsers implements Callable<Integer> {
        @ParentCommand
        UsersCommand users;

        @Override
        public Integer call() {
            try (AccountStore store = users.open()) {
                store.list().forEach(System.out::println);
                return 0;
            }
        }
    }
}
