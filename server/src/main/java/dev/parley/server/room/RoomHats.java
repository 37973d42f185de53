package dev.parley.server.room;

import dev.parley.protocol.jid.BareJid;
import dev.parley.protocol.jid.FullJid;
import dev.parley.protocol.jid.Jid;
import dev.parley.protocol.muc.Affiliation;
import dev.parley.protocol.stanza.Iq;
import dev.parley.protocol.stanza.StanzaError;
import dev.parley.protocol.xdata.DataForm;
import dev.parley.protocol.xdata.FormField;
import dev.parley.protocol.xml.Element;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Hats (XEP-0317) as the room's ad-hoc commands (XEP-0050), nodes {@code urn:xmpp:hats:commands:*}: owners and
 * admins create, update and destroy hats and assign them to users and take them off (§3.2–§3.6); anyone lists
 * the hats (§3.4), owners and admins who wears which (§3.7). Each command is one stage: executed without a form
 * it returns its form; executed or completed with the form, it runs. What it decides is a new {@link Hats}, which
 * the room writes and then shows (presence of every occupant it concerns, and 104 when the list changed).
 */
final class RoomHats {
    static final String COMMANDS = "http://jabber.org/protocol/commands";
    static final String PREFIX = "urn:xmpp:hats:commands:";
    static final String FORM_TYPE = "urn:xmpp:hats:commands";
    static final String CREATE = PREFIX + "create", DESTROY = PREFIX + "destroy", LIST = PREFIX + "list", ASSIGN = PREFIX + "assign",
            UNASSIGN = PREFIX + "unassign", LIST_ASSIGNED = PREFIX + "list-assigned";
    private static final Map<String, String> NAMES = Map.of(CREATE, "Create or update a hat", DESTROY, "Destroy a hat", LIST, "List the hats",
            ASSIGN, "Assign a hat", UNASSIGN, "Remove a hat", LIST_ASSIGNED, "List the assigned hats");

    private RoomHats() {}

    /**
     * What a command comes to: an answer to send now ({@code reply}), or new hats to write, then the answer, then
     * the presence of {@code wearers} again (null: of everyone) and, with {@code listChanged}, a 104 to everyone.
     */
    record Outcome(Element reply, Hats next, List<String> wearers, boolean listChanged) {
        static Outcome answer(Element reply) {
            return new Outcome(reply, null, List.of(), false);
        }
    }

    static boolean isHatsCommand(Element q) {
        return q.is("command", COMMANDS) && q.attribute("node") != null && q.attribute("node").startsWith(PREFIX);
    }

    /** XEP-0050 §2.2: the room's commands, as disco#items of the commands node. */
    static Element list(BareJid room) {
        List<dev.parley.protocol.disco.DiscoItems.Item> items = new ArrayList<>();
        for (String node : List.of(CREATE, DESTROY, LIST, ASSIGN, UNASSIGN, LIST_ASSIGNED)) {
            items.add(new dev.parley.protocol.disco.DiscoItems.Item(room.toString(), node, NAMES.get(node)));
        }
        return new dev.parley.protocol.disco.DiscoItems(COMMANDS, items, null).toElement();
    }

    /** A hats command: a change is written, then answered, then shown (the wearers' presence; 104 when the list changed). */
    static org.apache.pekko.persistence.typed.javadsl.Effect<Room.Event, RoomState> handle(
            org.apache.pekko.persistence.typed.javadsl.EffectFactories<Room.Event, RoomState> effects, BareJid room, RoomState state, Roster roster,
            Iq iq, FullJid from, dev.parley.server.delivery.Client session, boolean serviceAdmin) {
        Outcome o = decide(room, state, iq, from, serviceAdmin);
        if (o.next() == null) {
            session.tell(o.reply());
            return effects.none();
        }
        return effects.persist(new Room.HatsChanged(o.next())).thenRun(s -> {
            roster.follow(s);
            session.tell(o.reply());
            for (Occupant occupant : new ArrayList<>(roster.all())) {
                if (o.wearers().contains(occupant.realJid().asBare().toString())) roster.broadcastPresence(occupant, true); // §3.5, §3.6
            }
            if (o.listChanged()) roster.configurationChanged(); // §3.2
        });
    }

    static Outcome decide(BareJid room, RoomState state, Iq iq, FullJid from, boolean serviceAdmin) {
        Element command = iq.payload();
        String node = command.attribute("node");
        String action = command.attribute("action") == null ? "execute" : command.attribute("action");
        String session = command.attribute("sessionid") == null ? UUID.randomUUID().toString() : command.attribute("sessionid");
        if (iq.type() != Iq.Type.SET || !NAMES.containsKey(node)) return error(room, iq, StanzaError.Condition.ITEM_NOT_FOUND, "no such command");
        Affiliation a = state.affiliationOf(from.asBare().toString());
        boolean admin = serviceAdmin || a == Affiliation.OWNER || a == Affiliation.ADMIN;
        if (!node.equals(LIST) && !admin) return error(room, iq, StanzaError.Condition.FORBIDDEN, "owners and admins only"); // XEP-0050 §4.6
        if (action.equals("cancel")) return Outcome.answer(iq.result(ServiceCommands.response(node, session, "canceled", null, null)).element());
        Hats hats = state.hats();
        if (node.equals(LIST)) return Outcome.answer(iq.result(ServiceCommands.response(node, session, "completed", hatTable(hats), null)).element());
        if (node.equals(LIST_ASSIGNED)) return Outcome.answer(iq.result(ServiceCommands.response(node, session, "completed", assignedTable(hats), null)).element());
        DataForm submitted;
        try {
            submitted = DataForm.findIn(command);
        } catch (IllegalArgumentException e) {
            return error(room, iq, StanzaError.Condition.BAD_REQUEST, "a malformed form");
        }
        if (submitted == null || submitted.type() != DataForm.Type.SUBMIT) {
            return Outcome.answer(iq.result(ServiceCommands.response(node, session, "executing", form(node, hats), null)).element());
        }
        String uri = text(submitted, "hats#uri");
        if (uri == null) return error(room, iq, StanzaError.Condition.BAD_REQUEST, "hats#uri is required");
        Element done = iq.result(ServiceCommands.response(node, session, "completed", null, null)).element();
        switch (node) {
            case CREATE -> {
                String title = text(submitted, "hats#title");
                if (title == null) return error(room, iq, StanzaError.Condition.BAD_REQUEST, "hats#title is required");
                String hue = text(submitted, "hats#hue");
                if (hue != null) {
                    try {
                        double h = Double.parseDouble(hue);
                        if (h < 0 || h >= 360) throw new NumberFormatException();
                    } catch (NumberFormatException e) {
                        return error(room, iq, StanzaError.Condition.BAD_REQUEST, "hats#hue is an angle from 0 to 360");
                    }
                }
                boolean update = hats.hat(uri) != null;
                return new Outcome(done, hats.with(new Hats.Hat(uri, title, hue)), update ? wearersOf(hats, uri) : List.of(), true);
            }
            case DESTROY -> {
                if (hats.hat(uri) == null) return error(room, iq, StanzaError.Condition.ITEM_NOT_FOUND, "no such hat");
                return new Outcome(done, hats.without(uri), wearersOf(hats, uri), true);
            }
            default -> { // assign, unassign
                if (hats.hat(uri) == null) return error(room, iq, StanzaError.Condition.ITEM_NOT_FOUND, "no such hat");
                Jid who = Jid.parseOrNull(text(submitted, "hats#jid"));
                if (who == null) return error(room, iq, StanzaError.Condition.BAD_REQUEST, "hats#jid is a JID");
                String bare = who.asBare().toString();
                Hats next = node.equals(ASSIGN) ? hats.assigned(bare, uri) : hats.unassigned(bare, uri);
                return new Outcome(done, next, List.of(bare), false);
            }
        }
    }

    private static List<String> wearersOf(Hats hats, String uri) {
        List<String> out = new ArrayList<>();
        hats.worn().forEach((jid, uris) -> {
            if (uris.contains(uri)) out.add(jid);
        });
        return out;
    }

    private static Outcome error(BareJid room, Iq iq, StanzaError.Condition c, String text) {
        return Outcome.answer(iq.errorReply(RoomReplies.error(room, c, text)).element());
    }

    private static String text(DataForm f, String var) {
        String v = f.value(var);
        return v == null || v.isBlank() ? null : v.strip();
    }

    /** The form of each command (§3.2, §3.3, §3.5, §3.6). */
    private static DataForm form(String node, Hats hats) {
        List<FormField.Option> options = new ArrayList<>();
        for (Hats.Hat h : hats.defined()) options.add(new FormField.Option(h.title(), h.uri()));
        FormField hatChoice = FormField.of("hats#uri", FormField.Type.LIST_SINGLE).withLabel("The hat").withOptions(options).asRequired();
        List<FormField> fields = switch (node) {
            case CREATE -> List.of(FormField.of("hats#title", FormField.Type.TEXT_SINGLE).withLabel("Hat Title").asRequired(),
                    FormField.of("hats#uri", FormField.Type.TEXT_SINGLE).withLabel("Hat URI").asRequired(),
                    FormField.of("hats#hue", FormField.Type.TEXT_SINGLE).withLabel("Hat Hue"));
            case DESTROY -> List.of(hatChoice);
            default -> List.of(FormField.of("hats#jid", FormField.Type.JID_SINGLE).withLabel("User Address").asRequired(), hatChoice);
        };
        return DataForm.withFormType(DataForm.Type.FORM, FORM_TYPE, fields);
    }

    /** §3.4: the hats, as a table. */
    private static DataForm hatTable(Hats hats) {
        List<List<FormField>> items = new ArrayList<>();
        for (Hats.Hat h : hats.defined()) {
            items.add(List.of(FormField.of("hats#title", null, h.title()), FormField.of("hats#uri", null, h.uri()),
                    FormField.of("hats#hue", null, h.hue() == null ? "" : h.hue())));
        }
        return new DataForm(DataForm.Type.RESULT, "Hats List", List.of(), List.of(),
                List.of(FormField.of("hats#title", null), FormField.of("hats#uri", null), FormField.of("hats#hue", null)), items);
    }

    /** §3.7: who wears which hat, as a table. */
    private static DataForm assignedTable(Hats hats) {
        List<List<FormField>> items = new ArrayList<>();
        hats.worn().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            for (String uri : e.getValue()) {
                Hats.Hat h = hats.hat(uri);
                if (h == null) continue;
                items.add(List.of(FormField.of("hats#jid", null, e.getKey()), FormField.of("hats#uri", null, h.uri()),
                        FormField.of("hats#title", null, h.title()), FormField.of("hats#hue", null, h.hue() == null ? "" : h.hue())));
            }
        });
        return new DataForm(DataForm.Type.RESULT, "Assigned Hats List", List.of(), List.of(),
                List.of(FormField.of("hats#jid", null), FormField.of("hats#uri", null), FormField.of("hats#title", null), FormField.of("hats#hue", null)), items);
    }
}
