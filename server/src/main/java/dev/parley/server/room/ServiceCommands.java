package dev.parley.server.room;

import dev.parley.protocol.disco.DiscoItems;
import dev.parley.protocol.jid.BareJid;
import dev.parley.protocol.jid.Jid;
import dev.parley.protocol.jid.JidFormatException;
import dev.parley.protocol.jid.Localpart;
import dev.parley.protocol.stanza.Iq;
import dev.parley.protocol.stanza.StanzaError;
import dev.parley.protocol.xdata.DataForm;
import dev.parley.protocol.xdata.FormField;
import dev.parley.protocol.xml.Element;
import dev.parley.server.delivery.Client;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;

/**
 * The MUC service's ad-hoc commands (XEP-0050), for what the conferencing requirements ask beyond
 * XEP-0045: creating a room without entering it ({@code create-room}), destroying one ({@code destroy-room},
 * its owners and service admins), and listing the public rooms with their occupants ({@code list-rooms}).
 * Each is one stage: execute returns the form, complete (or execute with the form) runs it; nothing is
 * kept between the two, the form carries it all.
 */
final class ServiceCommands {
    static final String NAMESPACE = "http://jabber.org/protocol/commands";
    static final String CREATE = "create-room";
    static final String DESTROY = "destroy-room";
    static final String LIST = "list-rooms";
    static final String BAN = "ban-jid";
    static final String UNBAN = "unban-jid";
    static final String BANS = "list-bans";
    private static final Map<String, String> NAMES = Map.of(CREATE, "Create a room", DESTROY, "Destroy a room", LIST, "List the public rooms",
            BAN, "Ban a user or a domain from every room", UNBAN, "Lift a service-wide ban", BANS, "List the service-wide bans");

    private ServiceCommands() {}

    /** XEP-0050 §2.2: the service's commands, as disco#items of the commands node. */
    static Iq list(Iq request, String service) {
        return request.result(new DiscoItems(NAMESPACE, List.of(
                new DiscoItems.Item(service, CREATE, NAMES.get(CREATE)),
                new DiscoItems.Item(service, DESTROY, NAMES.get(DESTROY)),
                new DiscoItems.Item(service, LIST, NAMES.get(LIST)),
                new DiscoItems.Item(service, BAN, NAMES.get(BAN)),
                new DiscoItems.Item(service, UNBAN, NAMES.get(UNBAN)),
                new DiscoItems.Item(service, BANS, NAMES.get(BANS))), null).toElement());
    }

    /** Handles a command request to the service; the answer goes to {@code replyTo}, now or from the room or directory. */
    static void handle(Iq request, BareJid requester, String service, ActorRef<ShardingEnvelope<Room.Command>> rooms,
            ActorRef<RoomDirectory.Command> directory, Client replyTo, ServiceBans bans) {
        Element command = request.payload();
        String node = command.attribute("node");
        String action = command.attribute("action") == null ? "execute" : command.attribute("action");
        String sessionId = command.attribute("sessionid") == null ? UUID.randomUUID().toString() : command.attribute("sessionid");
        if (request.type() != Iq.Type.SET || node == null || !NAMES.containsKey(node)) {
            replyTo.tell(request.errorReply(StanzaError.of(StanzaError.Condition.ITEM_NOT_FOUND, "no such command")).element());
            return;
        }
        if (action.equals("cancel")) {
            replyTo.tell(request.result(response(node, sessionId, "canceled", null, null)).element());
            return;
        }
        if ((node.equals(BAN) || node.equals(UNBAN) || node.equals(BANS)) && !bans.isAdmin(requester.toString())) {
            replyTo.tell(request.errorReply(StanzaError.of(StanzaError.Condition.FORBIDDEN, "for the service's admins")).element()); // XEP-0050 §4.6
            return;
        }
        DataForm submitted;
        try {
            submitted = DataForm.findIn(command);
        } catch (IllegalArgumentException e) {
            submitted = null;
        }
        if (node.equals(BANS)) {
            bans.all().whenComplete((all, failed) -> replyTo.tell(failed != null
                    ? request.errorReply(StanzaError.of(StanzaError.Condition.INTERNAL_SERVER_ERROR, "the bans could not be read")).element()
                    : banTable(request, sessionId, all).element()));
            return;
        }
        if ((node.equals(BAN) || node.equals(UNBAN)) && submitted != null && submitted.type() == DataForm.Type.SUBMIT) {
            banOrUnban(request, node, sessionId, submitted, requester, bans, replyTo);
            return;
        }
        if (submitted == null || submitted.type() != DataForm.Type.SUBMIT) {
            if (node.equals(LIST)) {
                directory.tell(new RoomDirectory.ListRooms(request.element(), sessionId, replyTo)); // nothing to ask
                return;
            }
            replyTo.tell(request.result(response(node, sessionId, "executing", form(node), null)).element());
            return;
        }
        Jid room;
        try {
            String given = submitted.value("room");
            if (given == null || given.isBlank()) throw new JidFormatException("the room is required");
            room = given.contains("@") ? Jid.of(given.strip()) : BareJid.of(Localpart.of(given.strip()), dev.parley.protocol.jid.Domainpart.of(service));
            if (!room.domain().value().equals(service) || room.local() == null) throw new JidFormatException("not a room of " + service);
        } catch (IllegalArgumentException e) {
            replyTo.tell(request.errorReply(StanzaError.of(StanzaError.Condition.BAD_REQUEST, e.getMessage())).element());
            return;
        }
        String roomJid = room.asBare().toString();
        if (node.equals(CREATE)) {
            RoomConfig config = RoomConfig.DEFAULT.copy().name(text(submitted, "name")).description(text(submitted, "description"))
                    .persistent(flag(submitted, "persistent", true)).publicRoom(flag(submitted, "public", true))
                    .membersOnly(flag(submitted, "membersonly", false)).build();
            rooms.tell(new ShardingEnvelope<>(roomJid, new Room.CreateWithoutEntering(requester.toString(), config, request.element(), sessionId, replyTo)));
        } else {
            rooms.tell(new ShardingEnvelope<>(roomJid, new Room.DestroyByCommand(requester.toString(), text(submitted, "reason"), request.element(), sessionId, replyTo)));
        }
    }

    /**
     * ban-jid and unban-jid: the target is a bare JID (one user) or a domain (all its users); a full JID means
     * its user. Answered once the ban is written and in force on this node (ServiceBans).
     */
    private static void banOrUnban(Iq request, String node, String sessionId, DataForm submitted, BareJid requester, ServiceBans bans,
            Client replyTo) {
        String target;
        try {
            String given = submitted.value("jid");
            if (given == null || given.isBlank()) throw new JidFormatException("a JID or a domain is required");
            Jid j = Jid.of(given.strip());
            target = j.local() == null ? j.domain().value() : j.asBare().toString();
        } catch (IllegalArgumentException e) {
            replyTo.tell(request.errorReply(StanzaError.of(StanzaError.Condition.BAD_REQUEST, e.getMessage())).element());
            return;
        }
        java.util.concurrent.CompletionStage<String> done = node.equals(BAN)
                ? bans.ban(target, text(submitted, "reason"), requester.toString()).thenApply(v -> target + " is banned from every room.")
                : bans.unban(target).thenApply(was -> was ? "The ban on " + target + " is lifted." : target + " was not banned.");
        done.whenComplete((note, failed) -> replyTo.tell(failed != null
                ? request.errorReply(StanzaError.of(StanzaError.Condition.INTERNAL_SERVER_ERROR, "the ban could not be written")).element()
                : request.result(response(node, sessionId, "completed", null, note)).element()));
    }

    /** list-bans: a table of target, reason and who banned. */
    static Iq banTable(Iq request, String sessionId, List<dev.parley.server.account.ServiceBanStore.Ban> all) {
        List<FormField> reported = List.of(FormField.of("jid", FormField.Type.TEXT_SINGLE).withLabel("User or domain"),
                FormField.of("reason", FormField.Type.TEXT_SINGLE).withLabel("Reason"),
                FormField.of("by", FormField.Type.JID_SINGLE).withLabel("Banned by"));
        List<List<FormField>> items = new java.util.ArrayList<>();
        for (var b : all) items.add(List.of(FormField.of("jid", null, b.target()), FormField.of("reason", null, b.reason()), FormField.of("by", null, b.by())));
        DataForm table = new DataForm(DataForm.Type.RESULT, "Service-wide bans", List.of(), List.of(), reported, items);
        return request.result(response(BANS, sessionId, "completed", table, all.size() + " bans"));
    }

    /** The command's response element (XEP-0050 §3.4): its status, a form or result, a note. */
    static Element response(String node, String sessionId, String status, DataForm form, String note) {
        Element.Builder b = Element.builder("command", NAMESPACE).attribute("node", node).attribute("sessionid", sessionId).attribute("status", status);
        if (status.equals("executing")) {
            b.add(Element.builder("actions", NAMESPACE).attribute("execute", "complete").add(Element.of("complete", NAMESPACE)).build());
        }
        if (note != null) b.add(Element.builder("note", NAMESPACE).attribute("type", "info").text(note).build());
        if (form != null) b.add(form.toElement());
        return b.build();
    }

    /** list-rooms: the public rooms, a table (XEP-0004 reported fields and items) of address, name and occupants. */
    static Iq roomTable(Iq request, String sessionId, java.util.SortedMap<String, Listing> rooms) {
        List<FormField> reported = List.of(FormField.of("jid", FormField.Type.JID_SINGLE).withLabel("Room"),
                FormField.of("name", FormField.Type.TEXT_SINGLE).withLabel("Name"),
                FormField.of("occupants", FormField.Type.TEXT_SINGLE).withLabel("Occupants"));
        List<List<FormField>> items = new java.util.ArrayList<>();
        rooms.forEach((jid, l) -> items.add(List.of(FormField.of("jid", null, jid), FormField.of("name", null, l.name()),
                FormField.of("occupants", null, Integer.toString(l.occupants())))));
        DataForm table = new DataForm(DataForm.Type.RESULT, "Public rooms", List.of(), List.of(), reported, items);
        return request.result(response(LIST, sessionId, "completed", table, rooms.size() + " public rooms"));
    }

    private static DataForm form(String node) {
        if (node.equals(BAN) || node.equals(UNBAN)) {
            List<FormField> fields = new java.util.ArrayList<>(List.of(
                    new FormField("jid", FormField.Type.TEXT_SINGLE, "User (bare JID) or domain", null, true, List.of(), List.of())));
            if (node.equals(BAN)) fields.add(FormField.of("reason", FormField.Type.TEXT_SINGLE).withLabel("Reason"));
            return DataForm.of(DataForm.Type.FORM, fields).withTitle(NAMES.get(node))
                    .withInstructions(node.equals(BAN) ? "Refused in every room of this service (forbidden); those in a room are removed (301)."
                            : "Lets the user or domain into the rooms again.");
        }
        if (node.equals(CREATE)) {
            return DataForm.of(DataForm.Type.FORM, List.of(
                    new FormField("room", FormField.Type.TEXT_SINGLE, "Room (its name before the @)", null, true, List.of(), List.of()),
                    FormField.of("name", FormField.Type.TEXT_SINGLE).withLabel("Natural-language name"),
                    FormField.of("description", FormField.Type.TEXT_SINGLE).withLabel("Description"),
                    FormField.of("public", FormField.Type.BOOLEAN, "1").withLabel("Listed publicly?"),
                    FormField.of("persistent", FormField.Type.BOOLEAN, "1").withLabel("Persistent? (a temporary room ends when its last occupant leaves)"),
                    FormField.of("membersonly", FormField.Type.BOOLEAN, "0").withLabel("Members only?")))
                    .withTitle("Create a room").withInstructions("The room is created, configured and open; you are its owner and not in it.");
        }
        return DataForm.of(DataForm.Type.FORM, List.of(
                        new FormField("room", FormField.Type.JID_SINGLE, "Room", null, true, List.of(), List.of()),
                        FormField.of("reason", FormField.Type.TEXT_SINGLE).withLabel("Reason")))
                .withTitle("Destroy a room").withInstructions("Its occupants are told, with the reason (XEP-0045 §10.9).");
    }

    private static String text(DataForm f, String var) {
        String v = f.value(var);
        return v == null ? "" : v.strip();
    }

    private static boolean flag(DataForm f, String var, boolean otherwise) {
        Boolean b = f.booleanValue(var);
        return b == null ? otherwise : b;
    }
}
