package dev.parley.server;

import com.typesafe.config.Config;
import dev.parley.server.account.AccountStore;
import dev.parley.server.net.Listeners;
import dev.parley.server.net.TlsContexts;
import org.apache.pekko.actor.typed.ActorSystem;

/** A running Parley node: the actor system, the account store and the listeners. {@link #close()} stops all. */
public final class Node implements AutoCloseable {
    private final ServerSettings settings;
    private final AccountStore accounts;
    private final ActorSystem<Guardian.Command> system;
    private final Listeners listeners;

    private Node(ServerSettings settings, AccountStore accounts, ActorSystem<Guardian.Command> system, Listeners listeners) {
        this.settings = settings;
        this.accounts = accounts;
        this.system = system;
        this.listeners = listeners;
    }

    public static Node start(Config config) throws InterruptedException {
        ServerSettings settings = ServerSettings.from(config);
        AccountStore accounts = new AccountStore(settings.dataDir(), settings.scramIterations());
        ActorSystem<Guardian.Command> system = ActorSystem.create(Guardian.create(settings, accounts), "parley", config);
        Listeners listeners = new Listeners(settings, TlsContexts.serverContext(settings), system);
        try {
            listeners.start();
        } catch (RuntimeException | InterruptedException e) {
            listeners.close();
            system.terminate();
            accounts.close();
            throw e;
        }
        return new Node(settings, accounts, system, listeners);
    }

    public ServerSettings settings() {
        return settings;
    }

    public AccountStore accounts() {
        return accounts;
    }

    public int c2sPort() {
        return listeners.c2sPort();
    }

    public int directTlsPort() {
        return listeners.directTlsPort();
    }

    public int websocketPort() {
        return listeners.websocketPort();
    }

    public int openConnections() {
        return listeners.openConnections();
    }

    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    /** Stops the listeners, the actors and the database; a second call does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        listeners.close();
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // shutting down anyway
        }
        accounts.close();
    }
}
