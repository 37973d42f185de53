package dev.parley.server.room;

import dev.parley.protocol.jid.BareJid;
import dev.parley.protocol.jid.FullJid;
import dev.parley.protocol.jid.JidFormatException;
import dev.parley.protocol.muc.Affiliation;
import dev.parley.protocol.muc.MucItem;
import dev.parley.protocol.muc.MucOwner;
import dev.parley.protocol.muc.MucUser;
import dev.parley.protocol.muc.Role;
import dev.parley.protocol.muc.Status;
import dev.parley.protocol.stanza.Iq;
import dev.parley.protocol.stanza.Message;
import dev.parley.protocol.stanza.Presence;
import dev.parley.protocol.stanza.Stanza;
import dev.parley.protocol.stanza.StanzaError;
import dev.parley.protocol.xdata.DataForm;
import dev.parley.protocol.xml.Element;
import dev.parley.server.delivery.Client;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;

/**
 * What a room's owners and admins ask of it, and the service's commands that create and destroy it: the
 * configuration (muc#owner, XEP-0045 §10.1–§10.2), the room's end (§10.9), roles and affiliations (muc#admin,
 * §8, §9, §10.3–§10.8, planned by {@link AdminRequest}), and the occupants these remove (§10.2 members-only,
 * service-wide bans). The room dispatches these requests here once it knows the room exists.
 */
final class RoomAdministration {
    private final BareJid jid;
    private final Roster roster;
    private final ActorContext<Room.Command> context;
    private final RoomSettings settings;
    private final EffectFactories<Room.Event, RoomState> effects;
    /** The room lists itself anew (configured, or ended). */
    private final Consumer<RoomState> publish;
    private final MessageLog log;
    private final RecentMessages recent;
    private final ServiceBans bans;

    RoomAdministration(BareJid jid, Roster roster, ActorContext<Room.Command> context, RoomSettings settings,
            EffectFactories<Room.Event, RoomState> effects, Consumer<RoomState> publish, MessageLog log, RecentMessages recent,
            ServiceBans bans) {
        this.jid = jid;
        this.roster = roster;
        this.context = context;
        this.settings = settings;
        this.effects = effects;
        this.publish = publish;
        this.log = log;
        this.recent = recent;
        this.bans = bans;
    }

    /**
     * muc#owner (§10.1–§10.2): the owner fetches the form, submits it (an empty submission accepts the
     * defaults: an instant room, §10.1.2), or cancels it (the initial configuration cancelled destroys the
     * room, §10.1.3).
     */
    Effect<Room.Event, RoomState> owner(RoomState state, Iq iq, FullJid from, Client session) {
        if (!isOwner(settings, state, from.asBare().toString())) {
            return reply(session, iq.errorReply(error(StanzaError.Condition.FORBIDDEN, "owners only"))); // §10.2, Example 164
        }
        MucOwner q = MucOwner.from(iq.payload());
        List<String> owners = state.withAffiliation(Affiliation.OWNER);
        List<String> admins = state.withAffiliation(Affiliation.ADMIN);
        if (iq.type() == Iq.Type.GET && q.isEmpty()) {
            DataForm form = RoomConfigForm.offer(state.config(), owners, admins, jid.local().value());
            return reply(session, iq.result(MucOwner.of(form).toElement()));
        }
        if (iq.type() == Iq.Type.SET && q.destroy() != null) return destroy(iq, from, q.destroy(), session);
        if (iq.type() != Iq.Type.SET || q.form() == null) {
            return reply(session, iq.errorReply(error(StanzaError.Condition.BAD_REQUEST, "a form or a destroy")));
        }
        if (q.form().type() == DataForm.Type.CANCEL) {
            if (!state.locked()) return reply(session, iq.result(null)); // §10.2: the configuration stays
            return destroy(iq, from, new dev.parley.protocol.muc.Destroy(null, "the initial configuration was cancelled", null), session);
        }
        if (q.form().type() != DataForm.Type.SUBMIT) {
            return reply(session, iq.errorReply(error(StanzaError.Condition.BAD_REQUEST, "submit or cancel the form")));
        }
        if (q.form().fields().isEmpty()) {
            // §10.1.2: an instant room; on a configured room, an empty submission changes nothing
            if (!state.locked()) return reply(session, iq.result(null));
            return effects.persist(new Room.Unlocked()).thenRun(s -> {
                publish.accept(s);
                session.tell(resultTo(iq, from));
            });
        }
        RoomConfigForm.Submission sub = RoomConfigForm.apply(state.config(), owners, admins, jid.local().value(), q.form());
        if (sub.error() != null) {
            return reply(session, iq.errorReply(error(StanzaError.Condition.NOT_ACCEPTABLE, sub.error()))); // §10.1.3, Example 161
        }
        Map<String, Affiliation> changes = new HashMap<>();
        for (String o : owners) if (!sub.owners().contains(o)) changes.put(o, Affiliation.NONE);
        for (String a : admins) if (!sub.admins().contains(a)) changes.put(a, Affiliation.NONE);
        try {
            for (String a : sub.admins()) changes.put(BareJid.of(a).toString(), Affiliation.ADMIN);
            for (String o : sub.owners()) changes.put(BareJid.of(o).toString(), Affiliation.OWNER);
        } catch (JidFormatException e) {
            return reply(session, iq.errorReply(error(StanzaError.Condition.JID_MALFORMED, "owners and admins are bare JIDs")));
        }
        boolean wasLocked = state.locked();
        RoomConfig before = state.config();
        return effects.persist(List.of(new Room.Configured(sub.config()), new Room.AffiliationsChanged(changes))).thenRun(s -> {
            roster.follow(s);
            publish.accept(s);
            session.tell(resultTo(iq, from));
            if (s.config().membersOnly() && !before.membersOnly()) removeNonMembers(s);
            List<Status> codes = RoomConfigForm.announcements(before, s.config());
            if (!wasLocked && !codes.isEmpty()) {
                // §10.2.1: occupants learn of the change
                Element notice = Message.builder(Message.Type.GROUPCHAT).attribute("from", jid.toString()).attribute("id", UUID.randomUUID().toString())
                        .add(new MucUser(List.of(), codes, List.of(), null, null, null).toElement()).build();
                roster.fanOut(notice, notice, null);
            }
        });
    }

    /**
     * §10.2: a room that has just become members-only removes its occupants who are not members (nor admins
     * or owners), each one told with 110 and 322, everyone else with 322 (§9.4 names the same for an
     * affiliation lost in a members-only room, with 321).
     */
    void removeNonMembers(RoomState s) {
        Map<FullJid, Occupant> before = roster.records();
        for (Occupant o : new ArrayList<>(roster.all())) {
            if (s.affiliationOf(o.realJid().asBare().toString()) == Affiliation.NONE) {
                roster.remove(o.withAffiliation(Affiliation.NONE, Role.NONE), Status.REMOVED_MEMBERS_ONLY_322, null, null);
            }
        }
        context.getSelf().tell(new Room.RecordOccupancy(occupancyChanges(before))); // written just after, as for an admin request
    }

    /** A ban has just come into force: the occupants it covers go, as banned (301), and are written out. */
    Effect<Room.Event, RoomState> removeBanned() {
        Map<FullJid, Occupant> before = roster.records();
        for (Occupant o : new ArrayList<>(roster.all())) {
            if (bans.banned(o.realJid())) roster.remove(o.withAffiliation(o.affiliation(), Role.NONE), Status.BANNED_301, null, "banned from this service");
        }
        List<Room.Event> changes = occupancyChanges(before);
        return changes.isEmpty() ? effects.none() : effects.persist(changes);
    }

    /**
     * §10.9: the room ends. Each occupant gets one unavailable presence with the destroy element (the
     * alternate venue and the reason), no broadcast of everyone's departure; the owner gets the result.
     */
    Effect<Room.Event, RoomState> destroy(Iq iq, FullJid from, dev.parley.protocol.muc.Destroy how, Client session) {
        return destroy(how, () -> session.tell(resultTo(iq, from)));
    }

    Effect<Room.Event, RoomState> destroy(dev.parley.protocol.muc.Destroy how, Runnable thenAnswer) {
        return effects.persist(new Room.Destroyed()).thenRun(s -> {
            log.destroyed(); // the room's archive ends with it
            publish.accept(s);
            for (Occupant o : roster.allDevices()) {
                MucUser x = MucUser.of(MucItem.of(Affiliation.NONE, Role.NONE)).withDestroy(
                        new dev.parley.protocol.muc.Destroy(how.jid(), how.reason(), how.password()));
                o.client().tell(Presence.builder(Presence.Type.UNAVAILABLE).attribute("from", roster.occupantJid(o))
                        .attribute("to", o.realJid().toString()).add(x.toElement()).build());
            }
            roster.clear();
            recent.clear();
            thenAnswer.run();
        });
    }

    // --- the service's ad-hoc commands (XEP-0050), see ServiceCommands ----------------------------------------

    Effect<Room.Event, RoomState> createWithoutEntering(RoomState state, Room.CreateWithoutEntering c) {
        Iq request = (Iq) Stanza.from(c.request());
        if (state.created()) {
            return reply(c.replyTo(), request.errorReply(error(StanzaError.Condition.CONFLICT, "the room exists already")));
        }
        return effects.persist(List.of(new Room.Created(c.owner(), OccupantIds.newSecret()), new Room.Configured(c.config()))).thenRun(s -> {
            publish.accept(s);
            c.replyTo().tell(request.result(ServiceCommands.response(ServiceCommands.CREATE, c.sessionId(), "completed", null,
                    "The room " + jid + " is created; you are its owner.")).element());
        });
    }

    Effect<Room.Event, RoomState> destroyByCommand(RoomState state, Room.DestroyByCommand c) {
        Iq request = (Iq) Stanza.from(c.request());
        if (!state.created()) return reply(c.replyTo(), request.errorReply(error(StanzaError.Condition.ITEM_NOT_FOUND, "no such room")));
        if (!isOwner(settings, state, c.requester())) return reply(c.replyTo(), request.errorReply(error(StanzaError.Condition.FORBIDDEN, "owners only")));
        return destroy(new dev.parley.protocol.muc.Destroy(null, c.reason().isEmpty() ? null : c.reason(), null),
                () -> c.replyTo().tell(request.result(ServiceCommands.response(ServiceCommands.DESTROY, c.sessionId(), "completed", null,
                        "The room " + jid + " is destroyed.")).element()));
    }

    /** An owner of the room, or a service admin (parley.muc.admins), who owns every room. */
    static boolean isOwner(RoomSettings settings, RoomState state, String bareJid) {
        return state.affiliationOf(bareJid) == Affiliation.OWNER || settings.isAdmin(bareJid);
    }

    // --- muc#admin: roles (§8, §9.6–§9.8) and affiliations (§9.1–§9.5, §10.3–§10.8), see AdminRequest ----------

    Effect<Room.Event, RoomState> admin(RoomState state, Iq iq, FullJid from, Client session) {
        AdminRequest.Plan plan = AdminRequest.plan(jid, state, roster, iq, from, settings.isAdmin(from.asBare().toString()));
        if (plan.reply() != null) return reply(session, plan.reply());
        if (plan.affiliations().isEmpty()) {
            Map<FullJid, Occupant> before = roster.records();
            AdminRequest.applyRoles(roster, plan.roles(), plan.by());
            List<Room.Event> changes = occupancyChanges(before);
            if (changes.isEmpty()) return reply(session, iq.result(null));
            return effects.persist(changes).thenRun(s -> session.tell(resultTo(iq, from)));
        }
        return effects.persist(new Room.AffiliationsChanged(plan.affiliations())).thenRun(s -> {
            Map<FullJid, Occupant> before = roster.records();
            AdminRequest.applyAffiliations(roster, s, plan.affiliations(), plan.reasons(), plan.by());
            AdminRequest.applyRoles(roster, plan.roles(), plan.by());
            context.getSelf().tell(new Room.RecordOccupancy(occupancyChanges(before)));
            session.tell(resultTo(iq, from));
        });
    }

    /**
     * What an admin request did to the occupants, as events: who was removed (kicked, banned, no longer a
     * member) and whose role or affiliation changed. Unlike entries and exits, these are written just after
     * the occupants are told (an admin request touches many occupants at once, and is rare).
     */
    private List<Room.Event> occupancyChanges(Map<FullJid, Occupant> before) {
        List<Room.Event> events = new ArrayList<>();
        for (Map.Entry<FullJid, Occupant> e : before.entrySet()) {
            Occupant now = roster.deviceOf(e.getKey());
            if (now == null) events.add(new Room.Exited(e.getKey().toString()));
            else if (!now.equals(e.getValue())) events.add(new Room.OccupantChanged(now));
        }
        return events;
    }

    /** The empty result of an owner's or admin's request, from the room. */
    private Element resultTo(Iq iq, FullJid to) {
        return iq.result(null).withFrom(jid).withTo(to).element();
    }

    private StanzaError error(StanzaError.Condition condition, String text) {
        return RoomReplies.error(jid, condition, text);
    }

    private Effect<Room.Event, RoomState> reply(Client session, Stanza reply) {
        return RoomReplies.reply(effects, session, reply);
    }
}
