package dev.parley.server.room;

import dev.parley.protocol.muc.Status;
import dev.parley.protocol.xdata.DataForm;
import dev.parley.protocol.xdata.FormField;
import dev.parley.protocol.xdata.FormField.Option;
import dev.parley.protocol.xdata.FormValidation;
import java.util.ArrayList;
import java.util.List;

/**
 * The muc#roomconfig form (XEP-0045 §10.1.3, §10.2, field registry §16.5.3): offering it filled in with the
 * current configuration, validating and applying a submission, and the status codes a change announces
 * to occupants (§10.2.1).
 */
final class RoomConfigForm {
    static final String FORM_TYPE = "http://jabber.org/protocol/muc#roomconfig";
    private static final String P = "muc#roomconfig_";
    private static final List<Option> ROLES = List.of(new Option("Moderator", "moderator"), new Option("Participant", "participant"),
            new Option("Visitor", "visitor"));

    private RoomConfigForm() {}

    /** The result of a submission: the new configuration and owner/admin lists, or why it was refused. */
    record Submission(RoomConfig config, List<String> owners, List<String> admins, String error) {}

    static DataForm offer(RoomConfig c, List<String> owners, List<String> admins, String roomName) {
        List<FormField> f = new ArrayList<>();
        f.add(field("roomname", FormField.Type.TEXT_SINGLE, "Natural-Language Room Name", c.name()));
        f.add(field("roomdesc", FormField.Type.TEXT_SINGLE, "Short Description of Room", c.description()));
        f.add(field("lang", FormField.Type.TEXT_SINGLE, "Natural Language for Room Discussions", c.lang()));
        f.add(bool("allowinvites", "Allow Occupants to Invite Others?", c.allowInvites()));
        f.add(new FormField(P + "presencebroadcast", FormField.Type.LIST_MULTI, "Roles for which Presence is Broadcasted", null, false,
                c.presenceBroadcast(), ROLES));
        f.add(new FormField(P + "getmemberlist", FormField.Type.LIST_MULTI, "Roles and Affiliations that May Retrieve Member List", null, false,
                c.getMemberList(), ROLES));
        dev.parley.server.room.feature.RoomFeatures.configFields(c, f); // each feature's own fields
        f.add(new FormField(P + "roomadmins", FormField.Type.JID_MULTI, "Full List of Room Admins", null, false, admins, List.of()));
        f.add(new FormField(P + "roomowners", FormField.Type.JID_MULTI, "Full List of Room Owners", null, false, owners, List.of()));
        return DataForm.withFormType(DataForm.Type.FORM, FORM_TYPE, f).withTitle("Configuration for \"" + roomName + "\" Room");
    }

    /** Applies a submitted form to the current configuration; fields left out keep their values (§10.2). */
    static Submission apply(RoomConfig c, List<String> owners, List<String> admins, String roomName, DataForm submitted) {
        // maxusers offers common sizes, but any number is a fine answer (clients such as Smack's send their
        // own): the template it is checked against has no options, and the value is parsed below
        DataForm template = offer(c, owners, admins, roomName);
        template = template.withField(template.field(P + "maxusers").withOptions(List.of()));
        List<String> problems = FormValidation.validate(template, submitted);
        if (!problems.isEmpty()) return new Submission(null, null, null, String.join("; ", problems));
        RoomConfig next = c.copy().name(text(submitted, "roomname", c.name())).description(text(submitted, "roomdesc", c.description()))
                .lang(text(submitted, "lang", c.lang())).allowInvites(flag(submitted, "allowinvites", c.allowInvites()))
                .presenceBroadcast(list(submitted, "presencebroadcast", c.presenceBroadcast()))
                .getMemberList(list(submitted, "getmemberlist", c.getMemberList())).build();
        try {
            next = dev.parley.server.room.feature.RoomFeatures.applySubmitted(next, submitted); // each feature's own fields
        } catch (IllegalArgumentException e) {
            return new Submission(null, null, null, e.getMessage());
        }
        List<String> newOwners = submitted.field(P + "roomowners") == null ? owners : submitted.values(P + "roomowners");
        List<String> newAdmins = submitted.field(P + "roomadmins") == null ? admins : submitted.values(P + "roomadmins");
        if (newOwners.isEmpty()) return new Submission(null, null, null, "a room needs at least one owner"); // §10.5
        return new Submission(next, newOwners, newAdmins, null);
    }

    /** §10.2.1: what occupants are told: 170/171 for logging, 172/173 for anonymity, else 104. */
    static List<Status> announcements(RoomConfig before, RoomConfig after) {
        List<Status> s = new ArrayList<>();
        if (before.enableLogging() != after.enableLogging()) s.add(after.enableLogging() ? Status.LOGGING_ENABLED_170 : Status.LOGGING_DISABLED_171);
        if (before.nonAnonymous() != after.nonAnonymous()) s.add(after.nonAnonymous() ? Status.NON_ANONYMOUS_172 : Status.SEMI_ANONYMOUS_173);
        if (!before.equals(after)) s.add(Status.CONFIGURATION_CHANGED_104);
        return s;
    }

    private static FormField field(String name, FormField.Type type, String label, String value) {
        return new FormField(name.startsWith("muc#") ? name : P + name, type, label, null, false, List.of(value), List.of());
    }

    private static FormField bool(String name, String label, boolean value) {
        return field(name, FormField.Type.BOOLEAN, label, value ? "1" : "0");
    }

    private static String text(DataForm f, String name, String otherwise) {
        FormField field = f.field(P + name);
        if (field == null) return otherwise;
        return field.value() == null ? "" : field.value();
    }

    private static boolean flag(DataForm f, String name, boolean otherwise) {
        Boolean b = f.booleanValue(P + name);
        return b == null ? otherwise : b;
    }

    private static List<String> list(DataForm f, String name, List<String> otherwise) {
        return f.field(P + name) == null ? otherwise : f.values(P + name);
    }
}
