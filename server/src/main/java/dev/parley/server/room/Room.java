package dev.parley.server.room;

import dev.parley.protocol.disco.DiscoInfo;
import dev.parley.protocol.disco.DiscoItems;
import dev.parley.protocol.jid.BareJid;
import dev.parley.protocol.jid.FullJid;
import dev.parley.protocol.jid.Jid;
import dev.parley.protocol.jid.JidFormatException;
import dev.parley.protocol.muc.Affiliation;
import dev.parley.protocol.muc.MucAdmin;
import dev.parley.protocol.muc.MucItem;
import dev.parley.protocol.muc.MucJoin;
import dev.parley.protocol.muc.MucOwner;
import dev.parley.protocol.muc.MucUser;
import dev.parley.protocol.muc.Nickname;
import dev.parley.protocol.muc.Role;
import dev.parley.protocol.muc.Status;
import dev.parley.protocol.stanza.Iq;
import dev.parley.protocol.stanza.Message;
import dev.parley.protocol.stanza.Presence;
import dev.parley.protocol.stanza.PreparedStanza;
import dev.parley.protocol.stanza.Stanza;
import dev.parley.protocol.stanza.StanzaError;
import dev.parley.protocol.xdata.DataForm;
import dev.parley.protocol.xml.Element;
import dev.parley.server.wire.CborSerializable;
import dev.parley.server.room.feature.MessageRate;
import dev.parley.server.room.feature.Groupchat10;
import dev.parley.server.room.feature.MessageAttempt;
import dev.parley.server.room.feature.Refusal;
import dev.parley.server.room.feature.RoomFeatures;
import dev.parley.server.delivery.Inbox;
import dev.parley.server.routing.Users;
import dev.parley.server.delivery.Client;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * One multi-user chat room (XEP-0045): a Cluster Sharding entity whose id is the room's bare JID, event
 * sourced. What the room keeps across restarts ({@link RoomState}) changes only through its events;
 * its occupants are live state, reached through their sessions' actor references (which cross the
 * cluster), and an occupant whose session goes away leaves the room.
 *
 * <p>Every broadcast is serialised once ({@link PreparedStanza}); only the 'to' differs per occupant.
 *
 * <p>Implemented so far: creation, locked until configured (§10.1), instant rooms (§10.1.2) and the
 * configuration form (§10.1.3, §10.2); entering in the order of §7.1 with the rules of §7.2.3–§7.2.10
 * (anonymity, password, members-only, bans, nickname conflicts, max users, locked rooms) and history and
 * subject (§7.2.13–§7.2.15, the history in the room's journal); messages to all (§7.4), private messages
 * (§7.5), nickname changes (§7.6), availability (§7.7), mediated invitations (§7.8.2), exit (§7.14);
 * roles and affiliations through muc#admin (§8–§10.8); destruction (§10.9); removal on error bounces
 * (§11.1); discovery of the room (§6.4) and of occupants (§6.6, with IQs passed through as §18
 * suggests); self-ping (XEP-0410). The room dispatches and decides; its parts live beside it: occupants coming,
 * changing and going in {@link Presences}, messages from acceptance to the archive in {@link MessageLog}, and each
 * protocol's requests in its own class (AdminRequest, Registration, Moderation, ArchiveQueries, RoomHats,
 * RoomVCard, VoiceRequests, Invitations).
 */
public final class Room extends EventSourcedBehavior<Room.Command, Room.Event, RoomState> {
    public static final EntityTypeKey<Command> ENTITY_TYPE_KEY = EntityTypeKey.create(Command.class, "Room");

    public interface Command extends CborSerializable {}

    /**
     * A stanza addressed to the room or to one of its occupant JIDs; 'from' stamped by the sender's session.
     * {@code again}: a groupchat message the session sends a second time, not having seen it reflected before the
     * room moved (see {@link RecentMessages}): taken only if the first copy never arrived. {@code sender}: the JID
     * the session stamped, as it holds it (or null), which the room keeps rather than a parsed copy (docs/footprint.md,
     * fourteenth pass: about 200 bytes an occupant).
     */
    public record Inbound(Element stanza, Client from, boolean again, FullJid sender) implements Command {
        public Inbound(Element stanza, Client from) {
            this(stanza, from, false, null);
        }

        /** The stanza's 'from': {@link #sender} when it is what was stamped, else parsed; null when not a full JID. */
        FullJid fromJid(String stamped) {
            if (sender != null && sender.toString().equals(stamped)) return sender;
            return Jid.parseOrNull(stamped) instanceof FullJid f ? f : null;
        }
    }

    /**
     * {@code command} as it goes to the room a second time, after the shard region dropped it in a hand-off
     * ({@code cluster/HandOffRedelivery}): a stanza comes as a copy sent again, which the room takes only once (its
     * session may send it again too, not having seen it reflected); anything else as it was.
     */
    public static Command sentAgain(Command command) {
        return command instanceof Inbound in && !in.again() ? new Inbound(in.stanza(), in.from(), true, in.sender()) : command;
    }

    /**
     * Writes the messages a persistent room accepted since the last write, as one batch, then reflects
     * them (hot-rooms.md: group commit). While a write is in flight Pekko stashes the room's commands;
     * the messages among them join the next batch, so a batch grows with the load, and a message is
     * reflected only once it is durable, in the room's order.
     */
    enum Flush implements Command { INSTANCE }

    /** The service's create-room command (XEP-0050): create and configure the room, its owner not in it. */
    public record CreateWithoutEntering(String owner, RoomConfig config, Element request, String sessionId, Client replyTo)
            implements Command {}

    /** The service's destroy-room command (XEP-0050), from an owner or a service admin. */
    public record DestroyByCommand(String requester, String reason, Element request, String sessionId, Client replyTo)
            implements Command {}

    /** Time to tell the directory how many occupants the room has (XEP-0433 nusers). */
    enum PublishOccupancy implements Command { INSTANCE }

    /**
     * Time to drop the occupants' serialised presences ({@code Roster.preparedPresence}): kept for the newcomers of
     * a burst of entries, not for as long as the occupants stay (docs/footprint.md).
     */
    enum DropPreparedPresences implements Command { INSTANCE }

    /** How long an occupant's serialised presence is kept after it was made. */
    static final java.time.Duration PREPARED_PRESENCE_KEPT = java.time.Duration.ofSeconds(30);

    /** The room has been idle for {@code parley.muc.passivate-idle-rooms-after}: see {@link Passivation}. */
    enum PassivateIfIdle implements Command { INSTANCE }

    /** A service-wide ban came into force (ServiceBans): occupants it covers are removed now, as banned (301). */
    public enum RemoveBanned implements Command { INSTANCE }

    /**
     * Sharding stops the room: its node leaves, or its shard moves. What is accepted is written and reflected;
     * then, if another node takes the room over, the occupants stay (the next incarnation starts with them);
     * if none can, the service stops and every occupant is told it is removed, with 332 (§11.2). On a node the
     * cluster downed (or that fenced itself) the room stops without a word: another node has it already.
     */
    enum Shutdown implements Command { INSTANCE }

    /** Occupancy changes an admin request made (roles, affiliations), written once the request is applied. */
    record RecordOccupancy(List<Event> events) implements Command, org.apache.pekko.actor.NoSerializationVerificationNeeded {}

    /** An occupant's session stopped (disconnect without unavailable presence, or a node lost). */
    record OccupantGone(String realJid) implements Command {}

    /**
     * A moderator's retraction (XEP-0425), and once the archive was asked (a message older than the history): what
     * it found there. Sent by the room to itself.
     */
    record Moderate(Iq iq, FullJid from, Client session, dev.parley.server.archive.ArchivedMessage archived, boolean looked)
            implements Command, org.apache.pekko.actor.NoSerializationVerificationNeeded {}

    public interface Event extends CborSerializable {}

    /** The room exists, {@code owner} its owner; {@code secret} keys its occupant ids (XEP-0421). */
    public record Created(String owner, String secret) implements Event {}

    public record Unlocked() implements Event {}

    public record SubjectChanged(String subject, String by) implements Event {}

    /** The owner submitted a configuration (which also unlocks a new room, §10.1.3). */
    public record Configured(RoomConfig config) implements Event {}

    /** Messages of a persistent room, written as one batch (group commit, see {@link Flush}). */
    public record MessagesStored(List<RoomState.StoredMessage> messages) implements Event {}

    /** A moderator retracted a message of the history (XEP-0425): its tombstone takes its place. */
    public record MessageRetracted(Element tombstone, RoomState.StoredMessage announcement) implements Event {
        /** Written before the retraction was stored as a message (XEP-0424 §5): its tombstone alone. */
        public MessageRetracted(Element tombstone) {
            this(tombstone, null);
        }
    }

    /** Affiliations set, by bare JID; "none" removes one. */
    public record AffiliationsChanged(Map<String, Affiliation> changes) implements Event {}

    public record Destroyed() implements Event {}

    /** The room's hats, or who wears them, changed (XEP-0317): the hats as they are now. */
    public record HatsChanged(Hats hats) implements Event {}

    /** An owner set the room's vCard (XEP-0486); null: removed it. */
    public record AvatarChanged(RoomAvatar avatar) implements Event {}

    /** A user registered with the room (§7.10): its nickname is reserved for it. */
    public record NicknameReserved(String jid, String nick) implements Event {}

    /**
     * An occupant entered (§7.2), or took a new nickname (§7.6, written as {@link Exited} then this: it is last
     * in the order of entry). Occupancy is written before anyone is told, so a room that moves or loses its
     * node comes back with exactly the occupants its occupants know of.
     */
    public record Entered(Occupant occupant) implements Event {}

    /** An occupant left (§7.14), was removed (§8.2, §9.1, §9.4, §11.1), or its session is gone. */
    public record Exited(String realJid) implements Event {}

    /** An occupant's presence (§7.7), role or affiliation changed, under the same nickname. */
    public record OccupantChanged(Occupant occupant) implements Event {}

    /** Everyone is out: the service stopped (§11.2). */
    public record Emptied() implements Event {}

    /**
     * Starts sharding for rooms on this node; returns the region that routes envelopes by room JID. Rooms
     * reach users who are not occupants (invitations, declines) through {@code users}.
     */
    public static ActorRef<ShardingEnvelope<Command>> init(ActorSystem<?> system, Users users,
            ActorRef<RoomDirectory.Command> directory, java.util.concurrent.atomic.LongAdder fromOtherNodes) {
        RoomSettings settings = RoomSettings.from(system.settings().config()); // one for the node's rooms
        // remembered entities: a room with occupants is started again at once wherever its shard goes (a node
        // lost, a node leaving, a rebalance), not when the next stanza happens to arrive; it forgets itself
        // when it passivates (only ever without occupants, see Passivation)
        return ClusterSharding.get(system).init(Entity.of(ENTITY_TYPE_KEY,
                ctx -> Behaviors.<Command>setup(c -> new Room(c, BareJid.of(ctx.getEntityId()), users, directory,
                        new Passivation(IdleRooms.get(system), ctx.getShard(), c.getSelf()), settings, fromOtherNodes)))
                .withSettings(org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings.create(system).withRememberEntities(true))
                .withStopMessage(Shutdown.INSTANCE));
    }

    /** The room {@code jid}, outside sharding (tests, benchmarks): it stops itself when the node's {@link IdleRooms} lets it go. */
    public static Behavior<Command> create(BareJid jid, Users users, ActorRef<RoomDirectory.Command> directory) {
        return Behaviors.setup(c -> new Room(c, jid, users, directory,
                new Passivation(IdleRooms.get(c.getSystem()), null, c.getSelf()), RoomSettings.from(c.getSystem().settings().config()),
                new java.util.concurrent.atomic.LongAdder()));
    }

    private final ActorContext<Command> context;
    /** Counts the stanzas that came from sessions on other nodes (the node's monitoring). */
    private final java.util.concurrent.atomic.LongAdder fromOtherNodes;
    private final Passivation passivation;
    /** The room's two timers while they run, on the system's scheduler: no TimerScheduler (docs/footprint.md, fifth pass). */
    private org.apache.pekko.actor.Cancellable dropPreparedPresences;
    private org.apache.pekko.actor.Cancellable publishOccupancy;
    /** The service's settings, shared by the node's rooms. */
    private final RoomSettings settings;
    private final BareJid jid;
    private final Users users;
    private final ActorRef<RoomDirectory.Command> directory;
    /** Who is in the room, and how to reach them: live state. */
    private final Roster roster;
    private final VoiceRequests voiceRequests = new VoiceRequests();
    /** The messages accepted lately, by sender and id: one sent again after a move is not taken twice. */
    private final RecentMessages recent = new RecentMessages();
    /** For a while after the room came back with occupants: see {@link CatchUp}. */
    private CatchUp catchUp;
    /** The service-wide bans, checked on every entry and message (held, not looked up each time). */
    private final ServiceBans bans;
    /** The messages accepted and not written yet, their times and numbers, and their hand-over to the archive (XEP-0313). */
    private final MessageLog log;
    /** Occupants coming, changing and going. */
    private final Presences presences;
    /** Whether this node may still act for the room (not downed, not frozen past the limit): see Fencing. */
    private final dev.parley.server.fencing.Fencing fencing;

    private Room(ActorContext<Command> context, BareJid jid, Users users, ActorRef<RoomDirectory.Command> directory,
            Passivation passivation, RoomSettings settings,
            java.util.concurrent.atomic.LongAdder fromOtherNodes) {
        super(PersistenceId.of(ENTITY_TYPE_KEY.name(), jid.toString()));
        this.fromOtherNodes = fromOtherNodes;
        this.context = context;
        this.passivation = passivation;
        this.settings = settings;
        this.jid = jid;
        this.users = users;
        this.directory = directory;
        this.roster = new Roster(jid, ref -> context.unwatch(ref), () -> {
            if (dropPreparedPresences == null) {
                dropPreparedPresences = context.scheduleOnce(PREPARED_PRESENCE_KEPT, context.getSelf(), DropPreparedPresences.INSTANCE);
            }
        });
        this.fencing = dev.parley.server.fencing.Fencing.get(context.getSystem());
        this.bans = ServiceBans.get(context.getSystem());
        this.log = new MessageLog(jid, dev.parley.server.archive.Archive.get(context.getSystem()));
        this.presences = new Presences(jid, roster, context, voiceRequests, Effect(), this::publish);
    }

    /** The owners' and admins' requests, and the service's commands: rare, so made for each, not kept by every room. */
    private RoomAdministration administration() {
        return new RoomAdministration(jid, roster, context, settings, Effect(), this::publish, log, recent, bans);
    }

    /** §6.3: whether the service lists the room (public, configured, existing), and under which name. */
    private void publish(RoomState s) {
        boolean listed = s.created() && !s.locked() && s.config().publicRoom();
        RoomConfig c = s.config();
        Listing listing = listed ? new Listing(c.name().isEmpty() ? jid.local().value() : c.name(), c.description(), c.lang(),
                roster.size(), !c.membersOnly() && !c.passwordProtected(), c.nonAnonymous(), c.persistent(), null) : null;
        directory.tell(new RoomDirectory.Publish(jid.toString(), listing));
        publishedOccupants = roster.size();
    }

    /** The occupant count the directory has; a change is published a few seconds later, once for a burst of joins. */
    private int publishedOccupants;
    static final java.time.Duration OCCUPANCY_PUBLISH_DELAY = java.time.Duration.ofSeconds(3);

    private void occupancyChanged() {
        if (roster.size() != publishedOccupants && publishOccupancy == null) {
            publishOccupancy = context.scheduleOnce(OCCUPANCY_PUBLISH_DELAY, context.getSelf(), PublishOccupancy.INSTANCE);
        }
    }

    /** Snapshots keep recovery short: the state is small (the history is a bounded list). */
    @Override
    public org.apache.pekko.persistence.typed.javadsl.RetentionCriteria retentionCriteria() {
        return org.apache.pekko.persistence.typed.javadsl.RetentionCriteria.snapshotEvery(200, 2);
    }

    @Override
    public org.apache.pekko.persistence.typed.javadsl.SignalHandler<RoomState> signalHandler() {
        return new org.apache.pekko.persistence.typed.javadsl.SignalHandler<>(new RoomSignals(this));
    }

    /** Recovered, or stopped: see {@link RoomSignals}. */
    void onSignal(RoomState s, org.apache.pekko.actor.typed.Signal signal) {
        if (signal == org.apache.pekko.persistence.typed.RecoveryCompleted.instance()) {
            long now = System.nanoTime();
            for (RoomState.StoredMessage sm : s.history()) recent.written(sm.sender(), sm.message().attribute("id"), sm.message(), jid.toString(), now);
            log.recovered(s); // what the archive may have missed (the last node was lost between the journal and the archive)
            takeBack(s);
            publish(s);
            passivation.update(idle());
        } else if (signal == org.apache.pekko.actor.typed.PostStop.instance()) {
            passivation.stopped();
            // stopped with messages accepted and not written (its journal failed, or its node no longer serves it):
            // nobody received them, and their senders still in the room are told so (MessageLog.notWritten)
            for (RoomState.StoredMessage m : log.pending()) {
                Occupant device = m.sender() == null ? null : roster.deviceOf(FullJid.of(m.sender()));
                if (device != null) device.client().tell(MessageLog.notWritten(jid, m));
            }
            // what is still to come would go to dead letters
            if (dropPreparedPresences != null) dropPreparedPresences.cancel();
            if (publishOccupancy != null) publishOccupancy.cancel();
        }
    }

    @Override
    public RoomState emptyState() {
        return RoomState.NONE;
    }

    /**
     * How each event changes the state: one function for every room. Pekko's handler builders keep a list of
     * cases and lambdas per instance (about 2 KB a room, docs/footprint.md); this holds nothing per room.
     */
    private static final EventHandler<RoomState, Event> EVENTS = Room::apply;

    @Override
    public EventHandler<RoomState, Event> eventHandler() {
        return EVENTS;
    }

    static RoomState apply(RoomState s, Event event) {
        if (event instanceof Entered e) return s.entered(e.occupant());
        if (event instanceof Exited e) return s.exited(e.realJid());
        if (event instanceof OccupantChanged e) return s.changed(e.occupant());
        if (event instanceof MessagesStored e) return s.withStored(e.messages());
        if (event instanceof MessageRetracted e) {
            RoomState t = s.withRetracted(e.tombstone());
            return e.announcement() == null ? t : t.withStored(List.of(e.announcement()));
        }
        if (event instanceof Created e) return s.created(e.owner(), e.secret());
        if (event instanceof Unlocked) return s.unlocked();
        if (event instanceof SubjectChanged e) return s.withSubject(e.subject(), e.by());
        if (event instanceof Configured e) return s.configured(e.config());
        if (event instanceof AffiliationsChanged e) return s.withAffiliations(e.changes());
        if (event instanceof NicknameReserved e) return s.withNick(e.jid(), e.nick());
        if (event instanceof Destroyed) return RoomState.NONE;
        if (event instanceof HatsChanged e) return s.withHats(e.hats());
        if (event instanceof AvatarChanged e) return s.withAvatar(e.avatar());
        if (event instanceof Emptied) return s.withOccupants(List.of());
        throw new IllegalArgumentException("unknown event " + event);
    }

    /**
     * The occupants the last incarnation had (the room moved, or the node that hosted it was lost) are in the
     * room again without a word to anyone: their sessions, on other nodes, never left. The room watches each
     * session as at entry; those on a node that is no longer in the cluster are gone, and leave as if their
     * connection had dropped (everyone else gets their unavailable presence, once).
     */
    private void takeBack(RoomState s) {
        if (s.occupants().isEmpty()) return;
        roster.follow(s);
        java.util.Set<org.apache.pekko.actor.Address> members = fencing.memberAddresses();
        catchUp = new CatchUp();
        for (Occupant o : s.occupants()) {
            roster.add(o);
            context.watchWith(o.client().session(), new OccupantGone(o.realJid().toString()));
            org.apache.pekko.actor.Address at = o.client().session().path().address();
            if (!at.hasLocalScope() && !members.contains(at)) {
                context.getSelf().tell(new OccupantGone(o.realJid().toString()));
            } else {
                catchUp.await(o.client().session());
                o.client().session().tell(new Inbox.RoomAt(jid.toString(), context.getSelf(), true)); // the session follows this incarnation
            }
        }
        context.scheduleOnce(CatchUp.WAIT, context.getSelf(), CatchUp.Over.INSTANCE);
        context.getLog().info("{} is back with {} occupants", jid, s.occupants().size());
    }

    /** One handler for every command (see {@link #EVENTS}: no builder's cases kept per room). */
    private final CommandHandler<Command, Event, RoomState> commands = this::handle;

    @Override
    public CommandHandler<Command, Event, RoomState> commandHandler() {
        return commands;
    }

    private Effect<Event, RoomState> handle(RoomState s, Command command) {
        if (command instanceof Inbound c) {
            // after a move, what a session sent the first time waits until it has sent again what it lost (CatchUp)
            if (catchUp != null && !c.again() && catchUp.holds(c.from().session())) return Effect().stash();
            return thenCheckIdle(onInbound(s, c));
        }
        if (command instanceof CatchUp.Done c) return catchUp != null && catchUp.caughtUp(c.session()) ? Effect().unstashAll() : Effect().none();
        if (command instanceof CatchUp.Over) {
            catchUp = null;
            return Effect().unstashAll();
        }
        if (command instanceof Flush) return thenCheckIdle(flush(s));
        if (command instanceof OccupantGone c) return thenCheckIdle(presences.leave(s, FullJid.of(c.realJid()), null, false));
        if (command instanceof Shutdown) return shutdown(s);
        if (command instanceof RecordOccupancy c) return c.events().isEmpty() ? Effect().none() : Effect().persist(c.events());
        if (command instanceof RemoveBanned) return thenCheckIdle(administration().removeBanned());
        if (command instanceof Moderate c) return thenCheckIdle(moderate(s, c));
        if (command instanceof CreateWithoutEntering c) return thenCheckIdle(administration().createWithoutEntering(s, c));
        if (command instanceof DestroyByCommand c) return thenCheckIdle(administration().destroyByCommand(s, c));
        if (command instanceof PublishOccupancy) {
            publishOccupancy = null;
            publish(s);
            return Effect().none();
        }
        if (command instanceof DropPreparedPresences) {
            dropPreparedPresences = null;
            roster.dropPreparedPresences();
            return Effect().none();
        }
        if (command instanceof PassivateIfIdle) return passivation.expired(idle()) ? Effect().stop() : Effect().none();
        return Effect().unhandled();
    }

    /**
     * Sharding stops the room (see {@link Shutdown}). A room handed over to another node writes and reflects
     * what it accepted and stops: its occupants stay, and stanzas sent to it meanwhile wait in sharding's
     * buffers for the next incarnation, in order. Only when no other node can take it over does the service
     * stop for it (§11.2): each occupant gets its own unavailable presence with 332, a temporary room ends.
     */
    private Effect<Event, RoomState> shutdown(RoomState state) {
        if (!fencing.serving()) {
            // downed or frozen: another node may run the room already; writing or telling anyone could only conflict
            context.getLog().info("{} stops on a node that no longer serves it", jid);
            return Effect().stop();
        }
        List<RoomState.StoredMessage> batch = log.takeBatch(state);
        List<Event> events = stored(batch);
        boolean serviceStops = !fencing.anotherNodeCanHost();
        context.getLog().info("{} stops: {}", jid, serviceStops ? "the service stops (332)" : "handed over");
        if (serviceStops && state.created()) events.add(state.config().persistent() ? new Emptied() : new Destroyed());
        if (events.isEmpty()) return Effect().stop();
        return Effect().persist(events).thenRun(s -> {
            reflect(batch);
            log.written(s, batch);
            if (serviceStops) {
                roster.removeAllForShutdown();
                publish(s);
            }
        }).thenStop();
    }

    /** No occupants and nothing left to write: the room may leave memory (see {@link Passivation}). */
    private boolean idle() {
        return roster.isEmpty() && log.isEmpty();
    }

    private Effect<Event, RoomState> thenCheckIdle(Effect<Event, RoomState> effect) {
        settle();
        // occupants come and go once their change is written: look again then
        if (effect instanceof org.apache.pekko.persistence.typed.javadsl.EffectBuilder<Event, RoomState> b) return b.thenRun(s -> settle());
        return effect;
    }

    private void settle() {
        passivation.update(idle());
        occupancyChanged();
    }

    // --- dispatch -------------------------------------------------------------------------------------------

    private Effect<Event, RoomState> onInbound(RoomState state, Inbound in) {
        if (!fencing.serving()) return notServing(in);
        if (!in.from().onThisNode()) fromOtherNodes.increment();
        Stanza s = Stanza.from(in.stanza());
        FullJid from = in.fromJid(s.fromAttribute());
        Jid to = Jid.parseOrNull(s.toAttribute());
        if (from == null || to == null) return Effect().none();
        if (s instanceof Presence p) return onPresence(state, p, from, to, in.from());
        if (s instanceof Message m) return onMessage(state, m, from, to, in.from(), in.again());
        return onIq(state, (Iq) s, from, to, in.from());
    }

    /**
     * This node was downed, has just woken from a freeze, or is cut off from the cluster's majority: another node
     * may hold the room, so this one acts on nothing. A message or a request gets an error rather than silence
     * (the client may send it again, on this node once it is back, or elsewhere); a presence gets nothing.
     */
    private Effect<Event, RoomState> notServing(Inbound in) {
        Stanza s = Stanza.from(in.stanza());
        if (s instanceof Presence || "error".equals(s.typeAttribute()) || (s instanceof Iq iq && iq.type() != null && !iq.type().isRequest())) {
            return Effect().none();
        }
        return reply(in.from(), s.errorReply(StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE, "this node does not serve the room now; try again"), true));
    }

    // --- presence: entering, changing availability, exiting ------------------------------------------------

    private Effect<Event, RoomState> onPresence(RoomState state, Presence p, FullJid from, Jid to, Client session) {
        Presence.Type type = p.type();
        if (type == Presence.Type.ERROR) return removeForError(state, from); // §11.1
        if (type == Presence.Type.UNAVAILABLE) {
            return roster.contains(from) ? presences.leave(state, from, p, true) : Effect().none(); // §7.14
        }
        if (type != Presence.Type.AVAILABLE) return Effect().none(); // subscriptions and probes mean nothing to a room
        if (to.resource() == null) {
            // §7.2.1, Example 19: no nickname
            return reply(session, p.errorReply(error(StanzaError.Condition.JID_MALFORMED, "a nickname is required"), true));
        }
        Nickname nick;
        try {
            nick = Nickname.of(to.resource().value());
        } catch (JidFormatException e) {
            return reply(session, p.errorReply(error(StanzaError.Condition.JID_MALFORMED, "not a valid nickname"), true));
        }
        Occupant current = roster.occupantOf(from);
        if (bans.banned(from)) return refuseBanned(state, current, p, session); // no entry; one in goes (301)
        if (current != null) {
            Occupant device = roster.deviceOf(from);
            if (current.nick().comparable().equals(nick.comparable())) {
                return MucJoin.fromParent(p.element()) != null ? presences.rejoin(device, p, session) : presences.changeAvailability(device, p);
            }
            if (roster.hasOtherDevices(from)) {
                // a nickname is the occupant's, on all its devices: one device does not take the others along
                return reply(session, p.errorReply(error(StanzaError.Condition.NOT_ACCEPTABLE,
                        "you are in the room from other devices under this nickname: change it when they have left"), true));
            }
            return presences.changeNickname(state, from, nick, p, session);
        }
        boolean groupchat10 = MucJoin.fromParent(p.element()) == null;
        if (groupchat10 && !Groupchat10.admits(state.config(), settings.admitGroupchat10())) {
            // §7.2.18, Example 43: most likely a client that lost track of the room: tell it it is not in
            session.tell(Presence.builder(Presence.Type.UNAVAILABLE).attribute("from", to.toString())
                    .attribute("to", from.toString()).add(MucUser.of(new MucItem(state.affiliationOf(from.asBare().toString()), Role.NONE,
                            null, null, null, "You are not in the room.", null), Status.PRESENCE_TO_SELF_110, Status.KICKED_307,
                            Status.REMOVED_ERROR_333).toElement()).build());
            return Effect().none();
        }
        if (!state.created() && groupchat10) {
            // a groupchat 1.0 client cannot configure a room: the room it creates is an instant room
            return presences.enter(List.of(new Created(from.asBare().toString(), OccupantIds.newSecret()), new Unlocked()),
                    RoomConfig.DEFAULT, p, from, nick, session, Affiliation.OWNER, true);
        }
        if (!state.created()) {
            // §10.1.1: the room does not exist: create it, its creator its owner; it is locked until configured
            return presences.enter(List.of(new Created(from.asBare().toString(), OccupantIds.newSecret())),
                    RoomConfig.DEFAULT, p, from, nick, session, Affiliation.OWNER, true);
        }
        StanzaError refusal = presences.entryRefusal(state, p, from, nick);
        if (refusal != null) return reply(session, p.errorReply(refusal, true));
        return presences.enter(List.of(), state.config(), p, from, nick, session, state.affiliationOf(from.asBare().toString()), false);
    }

    // --- messages -----------------------------------------------------------------------------------------

    private Effect<Event, RoomState> onMessage(RoomState state, Message m, FullJid from, Jid to, Client session, boolean again) {
        if (m.type() == Message.Type.ERROR) return removeForError(state, from); // §11.1
        Occupant sender = roster.occupantOf(from);
        if (bans.banned(from)) return refuseBanned(state, sender, m, session); // nothing from a banned user; one in goes (301)
        if (sender == null && (!state.created() || state.locked())) {
            // §17.2 rule 3: a room that does not exist, or is not unlocked yet, is not found (§10.1.1: only its owner is in it)
            return reply(session, m.errorReply(error(StanzaError.Condition.ITEM_NOT_FOUND, "no such room"), true));
        }
        if (to.resource() != null) {
            if (m.type() == Message.Type.GROUPCHAT) {
                return reply(session, m.errorReply(error(StanzaError.Condition.BAD_REQUEST, "groupchat goes to the room"), true)); // §7.5, Example 48
            }
            return privateMessage(state, m, sender, to, session);
        }
        if (m.type() != Message.Type.GROUPCHAT) {
            DataForm request = VoiceRequests.requestForm(m);
            if (request != null) return voiceRequests.handle(Effect(), jid, roster, m, request, sender, session);
            DataForm approval = Registration.approvalForm(m);
            if (approval != null) return Registration.approval(Effect(), jid, state, roster, m, approval, from, session); // §9.9
            MucUser x;
            try {
                x = MucUser.fromParent(m.element());
            } catch (IllegalArgumentException e) {
                x = null;
            }
            if (x != null && !x.invites().isEmpty()) return replyIfRefused(session, Invitations.invite(jid, state.config(), m, x, sender, from, session, users));
            if (x != null && x.decline() != null) return replyIfRefused(session, Invitations.decline(jid, m, x, from, session, users));
            return reply(session, m.errorReply(error(StanzaError.Condition.FEATURE_NOT_IMPLEMENTED, "not supported yet"), true));
        }
        if (sender == null) {
            return reply(session, m.errorReply(error(StanzaError.Condition.NOT_ACCEPTABLE, "only occupants may send to the room"), true)); // §17.2
        }
        if (catchUp != null && catchUp.skips(from.toString(), m.id(), again)) return Effect().none(); // held; its copy sent again came first
        if (!again && overRate(state, sender)) return reply(session, m.errorReply(error(StanzaError.Condition.RESOURCE_CONSTRAINT, MessageRate.TEXT), true));
        Refusal refused = RoomFeatures.message(new MessageAttempt(state, sender.role(), m, false)); // voice (§7.4), the subject (§8.1)
        if (refused != null) return reply(session, m.errorReply(error(refused.condition(), refused.text()), true));
        Element out = GroupchatReflection.of(m.element(), sender, roster.occupantJid(sender), UUID.randomUUID().toString(), roster, jid.toString());
        if (m.subject() != null && m.body() == null) {
            return Effect().persist(new SubjectChanged(m.subject(), sender.nick().value())).thenRun(s -> roster.fanOut(out, out, null));
        }
        boolean kept = MessageLog.kept(m);
        if (again && kept && recent.seen(from.toString(), m.id())) {
            // sent again by a session that did not see it reflected before the room moved: it is not taken twice;
            // its sender gets the reflection (again) once it is written, nobody else does
            RecentMessages.Reflected reflected = recent.reflected(from.toString(), m.id());
            if (reflected != null) {
                session.tell(GroupchatReflection.of(m.element(), sender, reflected.from(), reflected.stanzaId(), roster, jid.toString()).withAttribute("to", from.toString()));
            }
            return Effect().none();
        }
        if (kept) {
            // durable before it is reflected, in any room (one that outlives its node keeps every message anyone
            // saw): it joins the next batch (group commit)
            if (log.full()) {
                return reply(session, m.errorReply(error(StanzaError.Condition.RESOURCE_CONSTRAINT, "the room is writing too slowly"), true));
            }
            if (log.accept(out, from.toString())) context.getSelf().tell(Flush.INSTANCE);
            recent.accepted(from.toString(), m.id(), System.nanoTime());
            return Effect().none();
        }
        roster.fanOut(out, out, null); // §7.4: reflected to every occupant, the sender included
        return Effect().none();
    }

    private Effect<Event, RoomState> flush(RoomState state) {
        if (log.isEmpty()) return Effect().none();
        List<RoomState.StoredMessage> batch = log.takeBatch(state);
        return Effect().persist(stored(batch)).thenRun(s -> {
            reflect(batch);
            log.written(s, batch);
        });
    }

    /**
     * XEP-0425: a moderator retracts a message by its stanza id. Found in the history, or else in the archive (asked
     * off the room's thread, the request then comes back with the answer): every occupant gets the retraction
     * (§3.1), the tombstone takes the message's place in history and archive (§4), the retraction is kept as a
     * message after the ones accepted before it, and the moderator gets the result once it is written.
     */
    private Effect<Event, RoomState> moderate(RoomState state, Moderate c) {
        Stanza refused = Moderation.refusal(jid, roster, c.iq(), c.from());
        if (refused != null) return reply(c.session(), refused);
        Moderation.Request r = Moderation.Request.from(c.iq().payload());
        RoomState.StoredMessage inHistory = Moderation.inHistory(jid, state, r.stanzaId());
        Element target = inHistory != null ? inHistory.message() : c.archived() == null ? null : c.archived().message();
        if (target == null && !c.looked() && log.archives(state)) {
            context.pipeToSelf(log.handedOver().handle((x, e) -> null).thenCompose(x -> log.archive().read(store -> store.byStanzaId(jid.toString(), r.stanzaId()))),
                    (found, e) -> new Moderate(c.iq(), c.from(), c.session(), found, true));
            return Effect().none();
        }
        if (target == null || Moderation.retracted(target)) {
            return reply(c.session(), c.iq().errorReply(error(StanzaError.Condition.ITEM_NOT_FOUND, "no such message in the room's history")));
        }
        Moderation.Retraction retraction = Moderation.retraction(jid, roster, roster.occupantOf(c.from()), target, r);
        List<RoomState.StoredMessage> batch = log.takeBatch(state);
        long position = (batch.isEmpty() ? state.lastPosition() : batch.get(batch.size() - 1).position()) + 1;
        RoomState.StoredMessage announcement = new RoomState.StoredMessage(retraction.announcement(), log.nextStamp(), null, position);
        List<Event> events = stored(batch); // those accepted before it come before it
        events.add(new MessageRetracted(retraction.tombstone(), announcement));
        return Effect().persist(events).thenRun(s -> {
            reflect(batch);
            log.written(s, batch);
            roster.fanOut(retraction.announcement(), retraction.announcement(), null);
            log.moderated(s, r.stanzaId(), retraction.tombstone(), announcement);
            c.session().tell(c.iq().result(null).withFrom(jid).withTo(c.from()).element());
        });
    }

    /** A batch as the events it is written as: one for each part of it ({@link MessageLog#parts}), in order; a list that may grow. */
    private static List<Event> stored(List<RoomState.StoredMessage> batch) {
        List<Event> events = new ArrayList<>(2);
        if (!batch.isEmpty()) {
            for (List<RoomState.StoredMessage> part : MessageLog.parts(batch)) events.add(new MessagesStored(part));
        }
        return events;
    }

    /** §7.4: a written batch, reflected to every occupant in the room's order. */
    private void reflect(List<RoomState.StoredMessage> batch) {
        long now = System.nanoTime();
        String self = jid.toString();
        for (RoomState.StoredMessage sm : batch) {
            roster.fanOut(sm.message(), sm.message(), null);
            recent.written(sm.sender(), sm.message().attribute("id"), sm.message(), self, now);
        }
    }

    /** feature/MessageRate: whether {@code sender}, not a moderator, is over its message rate (the message is then refused). */
    private boolean overRate(RoomState state, Occupant sender) {
        return sender.role() != Role.MODERATOR
                && !roster.mayPost(sender, MessageRate.perMinute(state.config(), settings.messageRate()), settings.messageBurst(), System.nanoTime());
    }

    /** §7.5: to one occupant, from the sender's occupant JID, with an empty muc#user element. */
    private Effect<Event, RoomState> privateMessage(RoomState state, Message m, Occupant sender, Jid to, Client session) {
        if (sender == null) return reply(session, m.errorReply(error(StanzaError.Condition.NOT_ACCEPTABLE, "not an occupant"), true));
        if (overRate(state, sender)) return reply(session, m.errorReply(error(StanzaError.Condition.RESOURCE_CONSTRAINT, MessageRate.TEXT), true));
        Refusal refused = RoomFeatures.message(new MessageAttempt(state, sender.role(), m, true)); // §7.5: muc#roomconfig_allowpm
        if (refused != null) return reply(session, m.errorReply(error(refused.condition(), refused.text()), true));
        return ToOccupant.message(Effect(), jid, roster, m, sender, to, session);
    }

    // --- IQs ----------------------------------------------------------------------------------------------

    private Effect<Event, RoomState> onIq(RoomState state, Iq iq, FullJid from, Jid to, Client session) {
        if (iq.type() == null) return Effect().none();
        if (to.resource() != null) return ToOccupant.iq(Effect(), jid, roster, iq, from, to, session);
        if (!iq.type().isRequest()) return Effect().none();
        Element q = iq.payload();
        if (!state.created()) return reply(session, iq.errorReply(error(StanzaError.Condition.ITEM_NOT_FOUND, "no such room"))); // §7.2.11
        if (q.is(MucOwner.ELEMENT, MucOwner.NAMESPACE)) return administration().owner(state, iq, from, session);
        if (q.is(MucAdmin.ELEMENT, MucAdmin.NAMESPACE)) return administration().admin(state, iq, from, session);
        if (q.is("query", Registration.NAMESPACE)) return Registration.handle(Effect(), jid, state, roster, iq, from, session, users);
        if (iq.type() == Iq.Type.SET && q.is("moderate", Moderation.NAMESPACE)) return moderate(state, new Moderate(iq, from, session, null, false));
        if (RoomHats.isHatsCommand(q)) return RoomHats.handle(Effect(), jid, state, roster, iq, from, session, settings.isAdmin(from.asBare().toString()));
        if (q.is("vCard", RoomAvatar.VCARD)) {
            return RoomVCard.handle(Effect(), jid, state, roster, iq, from, session, RoomAdministration.isOwner(settings, state, from.asBare().toString()),
                    context.getSystem().settings().config().getBytes("parley.muc.avatar-max-bytes").intValue());
        }
        if (iq.type() == Iq.Type.GET && q.is("query", DiscoItems.NAMESPACE) && RoomHats.COMMANDS.equals(q.attribute("node"))) {
            return reply(session, iq.result(RoomHats.list(jid))); // XEP-0050 §2.2
        }
        if (dev.parley.protocol.mam.MamQuery.NAMESPACE.equals(q.namespace())) {
            return ArchiveQueries.handle(Effect(), jid, state, log.archives(state), log.archive(), log.handedOver(), // XEP-0313
                    ArchiveQueries.asker(state, roster, from, settings.isAdmin(from.asBare().toString()), bans.banned(from)), iq, session);
        }
        if (iq.type() == Iq.Type.GET && q.is("query", DiscoInfo.NAMESPACE) && Registration.RESERVED_NICK_NODE.equals(q.attribute("node"))) {
            // §7.12: the user's reserved nickname, or an empty result
            String nick = state.reservedNick(from.asBare().toString());
            return reply(session, iq.result(new DiscoInfo(Registration.RESERVED_NICK_NODE,
                    nick == null ? List.of() : List.of(DiscoInfo.Identity.of("conference", "text", nick)), List.of(), List.of()).toElement()));
        }
        if (iq.type() == Iq.Type.GET && q.is("query", DiscoInfo.NAMESPACE)) return reply(session, iq.result(RoomDisco.info(jid, state, roster.size(),
                context.getSystem().settings().config().getString("parley.muc.logs-url"), log.archives(state)).toElement()));
        if (iq.type() == Iq.Type.GET && q.is("query", DiscoItems.NAMESPACE)) {
            return reply(session, iq.result(RoomDisco.items(state.config(), roster, roster.contains(from)).toElement()));
        }
        if (iq.type() == Iq.Type.GET && q.is("ping", "urn:xmpp:ping")) return reply(session, iq.result(null));
        // RFC 6120 §8.4: a request in a namespace the room does not understand
        return reply(session, iq.errorReply(error(StanzaError.Condition.SERVICE_UNAVAILABLE, null)));
    }

    /** A service-wide ban (ServiceBans) removes an occupant still in, as banned (301), and the room writes it out. */
    private Effect<Event, RoomState> refuseBanned(RoomState state, Occupant in, Stanza stanza, Client session) {
        if (in == null) return reply(session, stanza.errorReply(error(StanzaError.Condition.FORBIDDEN, "banned from this service"), true));
        return presences.exit(state, in.realJid(), () -> {
            roster.remove(in.withAffiliation(in.affiliation(), Role.NONE), Status.BANNED_301, null, "banned from this service");
            session.tell(stanza.errorReply(error(StanzaError.Condition.FORBIDDEN, "banned from this service"), true).element());
        });
    }

    /** §11.1: an occupant whose client bounced an error is removed, with 333 for everyone. */
    private Effect<Event, RoomState> removeForError(RoomState state, FullJid from) {
        Occupant o = roster.occupantOf(from);
        if (o == null) return Effect().none();
        if (roster.hasOtherDevices(from)) return presences.leave(state, from, null, false); // that device alone goes; the occupant stays
        return presences.exit(state, from, () -> roster.remove(o, Status.REMOVED_ERROR_333, null, null));
    }


    // --- plumbing -------------------------------------------------------------------------------------------

    private StanzaError error(StanzaError.Condition condition, String text) {
        return RoomReplies.error(jid, condition, text);
    }

    /** Sends a reply (already addressed back to the sender by errorReply/result) and persists nothing. */
    private Effect<Event, RoomState> replyIfRefused(Client session, Stanza refusal) {
        return refusal == null ? Effect().none() : reply(session, refusal);
    }

    private Effect<Event, RoomState> reply(Client session, Stanza reply) {
        return RoomReplies.reply(Effect(), session, reply);
    }
}
