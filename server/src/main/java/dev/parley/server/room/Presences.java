package dev.parley.server.room;

import dev.parley.protocol.jid.BareJid;
import dev.parley.protocol.jid.FullJid;
import dev.parley.protocol.muc.Affiliation;
import dev.parley.protocol.muc.MucItem;
import dev.parley.protocol.muc.MucJoin;
import dev.parley.protocol.muc.MucUser;
import dev.parley.protocol.muc.Nickname;
import dev.parley.protocol.muc.Role;
import dev.parley.protocol.muc.Status;
import dev.parley.protocol.stanza.Presence;
import dev.parley.protocol.stanza.PreparedStanza;
import dev.parley.protocol.stanza.StanzaError;
import dev.parley.protocol.xml.Element;
import dev.parley.server.delivery.Client;
import dev.parley.server.delivery.Inbox;
import dev.parley.server.room.feature.JoinAttempt;
import dev.parley.server.room.feature.Joined;
import dev.parley.server.room.feature.Left;
import dev.parley.server.room.feature.Refusal;
import dev.parley.server.room.feature.RoomFeatures;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;

/**
 * A room's occupants coming, changing and going (XEP-0045 §7.1–§7.2, §7.6, §7.7, §7.14, and several devices under
 * one nickname, §7.2.8): the entry in the order of §7.2.2 with its refusals (§7.2.5–§7.2.10), the welcome, a join
 * again from an occupant already in (§17.3 rule 3), nickname and availability changes, and exits (a temporary
 * room ending with its last occupant, §10.1). Each change is written before anyone is told. The room dispatches
 * presence here once it has checked the stanza itself (type, nickname, bans).
 */
final class Presences {
    private final BareJid jid;
    private final Roster roster;
    private final ActorContext<Room.Command> context;
    private final VoiceRequests voiceRequests;
    private final EffectFactories<Room.Event, RoomState> effects;
    /** The room lists itself anew (a room created, or ended). */
    private final Consumer<RoomState> publish;

    Presences(BareJid jid, Roster roster, ActorContext<Room.Command> context, VoiceRequests voiceRequests,
            EffectFactories<Room.Event, RoomState> effects, Consumer<RoomState> publish) {
        this.jid = jid;
        this.roster = roster;
        this.context = context;
        this.voiceRequests = voiceRequests;
        this.effects = effects;
        this.publish = publish;
    }

    /** The pre-join point: why {@code from} may not enter (§7.2.5–§7.2.10), or null. */
    StanzaError entryRefusal(RoomState state, Presence p, FullJid from, Nickname nick) {
        String bare = from.asBare().toString();
        Refusal r = RoomFeatures.preJoin(new JoinAttempt(
                state, bare, state.affiliationOf(bare), nick, MucJoin.fromParent(p.element()), roster.nickHeldByOther(nick.comparable(), bare),
                roster.size()));
        return r == null ? null : RoomReplies.error(jid, r.condition(), r.text());
    }

    /** The newcomer is written in (after {@code first}: the room's creation), then welcomed. */
    Effect<Room.Event, RoomState> enter(List<Room.Event> first, RoomConfig config, Presence p, FullJid from, Nickname nick, Client session,
            Affiliation affiliation, boolean created) {
        Occupant same = roster.atNick(nick.comparable()); // the user in already from another device (§7.2.8), or null
        Occupant newcomer = same != null ? new Occupant(from, nick, same.role(), same.affiliation(), session, Roster.withoutMucElements(p.element()))
                : new Occupant(from, nick, Privileges.initialRole(affiliation, config), affiliation, session, Roster.withoutMucElements(p.element()));
        List<Room.Event> events = new ArrayList<>(first);
        events.add(new Room.Entered(newcomer));
        return effects.persist(events).thenRun(s -> {
            if (created) publish.accept(s);
            welcome(s, p, newcomer, created);
        });
    }

    /** §7.2.2: the others' presence to the newcomer, the newcomer's to all (self last), history, subject. */
    void welcome(RoomState state, Presence p, Occupant newcomer, boolean created) {
        Client session = newcomer.client();
        roster.follow(state);
        // each presence serialised once for the room (Roster.preparedPresence), not once per newcomer
        List<PreparedStanza> welcomeSequence = othersPresence(newcomer);
        roster.add(newcomer);
        context.watchWith(session.session(), new Room.OccupantGone(newcomer.realJid().toString()));
        // another device of an occupant already in: the others see the same occupant as before, and hear nothing
        if (!roster.hasOtherDevices(newcomer.realJid())) roster.broadcastPresence(newcomer, false); // the self-presence follows, with 201 and the join's id
        sendWelcome(state, p, newcomer, created, welcomeSequence);
    }

    /**
     * §17.3 rule 3: a join from an occupant already in, with the same nickname (a client that lost track of the
     * room, after a reconnection), is a full synchronisation: it receives what an entry gets, in the same order
     * (everyone else's presence, its own with 110, history, subject); the others hear of it only if its presence
     * changed.
     */
    Effect<Room.Event, RoomState> rejoin(Occupant current, Presence p, Client session) {
        Occupant o = new Occupant(current.realJid(), current.nick(), current.role(), current.affiliation(), session,
                Roster.withoutMucElements(p.element()));
        // the same full JID from a new session (the old one not gone yet, or not noticed): the room follows the new one
        boolean newSession = !session.equals(current.client());
        boolean changed = !o.presence().withAttribute("id", null).equals(current.presence().withAttribute("id", null));
        if (!newSession && !changed) return effects.none().thenRun(s -> sendWelcome(s, p, o, false, othersPresence(o)));
        return effects.persist(new Room.OccupantChanged(o)).thenRun(s -> {
            if (newSession) {
                roster.take(current.realJid()); // stops watching the old session
                roster.add(o);
                context.watchWith(session.session(), new Room.OccupantGone(o.realJid().toString()));
            } else {
                roster.update(o);
            }
            if (changed && seenByOthers(o)) roster.broadcastPresence(o, false);
            sendWelcome(s, p, o, false, othersPresence(o));
        });
    }

    /** What an occupant receives first on entering (§7.2.2): the presence of every other occupant whose role is broadcast. */
    List<PreparedStanza> othersPresence(Occupant newcomer) {
        List<PreparedStanza> sequence = new ArrayList<>(roster.size() + 4);
        boolean seesRealJids = newcomer.role() == Role.MODERATOR || roster.nonAnonymous;
        for (Occupant o : roster.all()) {
            if (o.nick().equals(newcomer.nick()) || !roster.broadcasts(o)) continue; // itself (on any device); muc#roomconfig_presencebroadcast
            sequence.add(roster.preparedPresence(o, seesRealJids));
        }
        return sequence;
    }

    /**
     * The rest of an entry's welcome, after {@code welcomeSequence} (the others' presence): the self-presence with
     * the features' status codes, then history and subject; all of it one batch when the session is on another node.
     */
    void sendWelcome(RoomState state, Presence p, Occupant newcomer, boolean created, List<PreparedStanza> welcomeSequence) {
        FullJid from = newcomer.realJid();
        Client session = newcomer.client();
        // the joined point: the features' status codes (100, 170) and what follows the self-presence (history, subject)
        Joined welcome = new Joined(state, jid.toString(), from.toString(), MucJoin.fromParent(p.element()), created);
        RoomFeatures.joined(welcome);
        List<Status> codes = new ArrayList<>(welcome.selfStatusCodes());
        codes.add(Status.PRESENCE_TO_SELF_110);
        if (created) codes.add(Status.ROOM_CREATED_201);
        Element self = roster.presenceOf(newcomer, true, codes.toArray(Status[]::new));
        if (p.id() != null) self = self.withAttribute("id", p.id()); // §7.2.2: the room may reflect the join's id
        welcomeSequence.add(PreparedStanza.of(self));
        for (Element e : welcome.welcomeStanzas()) welcomeSequence.add(PreparedStanza.of(e));
        session.tellAll(welcomeSequence, from.toString());
        session.session().tell(new Inbox.RoomAt(jid.toString(), context.getSelf(), false)); // the session follows the room
    }

    /**
     * §7.6: unavailable from the old nickname with 303 and the new nickname, then available from the new one,
     * to every occupant (110 on the occupant's own copies).
     */
    Effect<Room.Event, RoomState> changeNickname(RoomState state, FullJid from, Nickname nick, Presence p, Client session) {
        String holder = state.holderOf(nick.comparable());
        if (roster.nickInUse(nick.comparable()) || (holder != null && !holder.equals(from.asBare().toString()))) {
            return RoomReplies.reply(effects, session, p.errorReply(RoomReplies.error(jid, StanzaError.Condition.CONFLICT, "that nickname is in use"), true)); // §7.6, Example 52
        }
        Occupant old = roster.occupantOf(from);
        Occupant renamed = new Occupant(from, nick, old.role(), old.affiliation(), old.client(), Roster.withoutMucElements(p.element()));
        return effects.persist(List.of(new Room.Exited(from.toString()), new Room.Entered(renamed))).thenRun(s -> {
            Element unavailable = roster.stamped(Presence.builder(Presence.Type.UNAVAILABLE).attribute("from", roster.occupantJid(old)).build(), old);
            MucItem item = Roster.item(old, true).withNick(nick.value());
            MucItem hidden = Roster.item(old, false).withNick(nick.value());
            roster.fanOut(unavailable.withChild(MucUser.of(item, Status.NEW_NICK_303).toElement()),
                    unavailable.withChild(MucUser.of(hidden, Status.NEW_NICK_303).toElement()), old);
            old.client().tell(unavailable.withChild(MucUser.of(item, Status.PRESENCE_TO_SELF_110, Status.NEW_NICK_303).toElement())
                    .withAttribute("to", from.toString()));
            roster.rename(old, renamed);
            roster.broadcastPresence(renamed, true);
        });
    }

    Effect<Room.Event, RoomState> changeAvailability(Occupant current, Presence p) {
        Occupant o = current.withPresence(Roster.withoutMucElements(p.element()));
        return effects.persist(new Room.OccupantChanged(o)).thenRun(s -> {
            roster.update(o);
            if (seenByOthers(o)) {
                roster.broadcastPresence(o, true); // §7.7: to all occupants, the occupant itself included (with 110)
            } else {
                // another device of an occupant: the others see its first device's presence; this device hears its own
                o.client().tell(roster.presenceOf(o, true, Status.PRESENCE_TO_SELF_110).withAttribute("to", o.realJid().toString()));
            }
        });
    }

    /** Whether this device's presence is the one the others see: its occupant's first device (most have one). */
    boolean seenByOthers(Occupant device) {
        Occupant shown = roster.occupantOf(device.realJid());
        return shown != null && shown.realJid().equals(device.realJid());
    }

    /** §7.14: unavailable presence to everyone, self-presence with 110; the last one out ends a temporary room. */
    Effect<Room.Event, RoomState> leave(RoomState state, FullJid from, Presence p, boolean sessionAlive) {
        if (!roster.contains(from)) return effects.none();
        return exit(state, from, () -> said(from, p, sessionAlive));
    }

    /**
     * An occupant goes: written out (and, if the room ends with it, the room with it: a temporary room's last
     * occupant, §10.1), then {@code tell} runs; the room is listed anew if it ended.
     */
    Effect<Room.Event, RoomState> exit(RoomState state, FullJid who, Runnable tell) {
        boolean ends = RoomFeatures.endsRoom(new Left(state, roster.size() - (roster.hasOtherDevices(who) ? 0 : 1)));
        List<Room.Event> events = ends ? List.of(new Room.Exited(who.toString()), new Room.Destroyed()) : List.of(new Room.Exited(who.toString()));
        return effects.persist(events).thenRun(s -> {
            tell.run();
            if (ends) publish.accept(s);
        });
    }

    /** §7.14: the occupant said it leaves (or its session went away): unavailable to everyone, 110 to itself. */
    void said(FullJid from, Presence p, boolean sessionAlive) {
        Occupant shownBefore = roster.occupantOf(from);
        boolean others = roster.hasOtherDevices(from);
        Occupant left = roster.take(from);
        if (left == null) return;
        if (others) {
            leftOneDevice(left, shownBefore, sessionAlive);
            return;
        }
        voiceRequests.forget(from.toString());
        Occupant gone = left.withAffiliation(left.affiliation(), Role.NONE); // §7.14, Example 80: role none
        Element.Builder b = Presence.builder(Presence.Type.UNAVAILABLE).attribute("from", roster.occupantJid(gone));
        if (p != null) b.textChild("status", p.status());
        Element unavailable = roster.stamped(b.build(), gone);
        Element withJid = unavailable.withChild(MucUser.of(Roster.item(gone, true)).toElement());
        Element withoutJid = unavailable.withChild(MucUser.of(Roster.item(gone, false)).toElement());
        if (roster.broadcasts(left)) roster.fanOut(withJid, withoutJid, null); // the others knew of it only if it was broadcast
        if (sessionAlive) {
            gone.client().tell(unavailable.withChild(MucUser.of(Roster.item(gone, true), Status.PRESENCE_TO_SELF_110).toElement())
                    .withAttribute("to", from.toString()));
        }
    }

    /**
     * One device of an occupant in from several left (§7.2.8): the occupant stays; the device hears of its own
     * departure (110); if the others saw this device's presence, they now see the next device's, if it differs.
     */
    void leftOneDevice(Occupant left, Occupant shownBefore, boolean sessionAlive) {
        if (sessionAlive) {
            Occupant gone = left.withAffiliation(left.affiliation(), Role.NONE);
            Element unavailable = roster.stamped(Presence.builder(Presence.Type.UNAVAILABLE).attribute("from", roster.occupantJid(gone)).build(), gone);
            left.client().tell(unavailable.withChild(MucUser.of(Roster.item(gone, true), Status.PRESENCE_TO_SELF_110).toElement())
                    .withAttribute("to", left.realJid().toString()));
        }
        Occupant next = roster.atNick(left.nick().comparable());
        if (next != null && shownBefore.realJid().equals(left.realJid())
                && !next.presence().withAttribute("id", null).equals(left.presence().withAttribute("id", null))) {
            roster.broadcastPresence(next, false);
        }
    }

}
