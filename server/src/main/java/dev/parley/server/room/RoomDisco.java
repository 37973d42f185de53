package dev.parley.server.room;

import dev.parley.protocol.disco.DiscoInfo;
import dev.parley.protocol.disco.DiscoItems;
import dev.parley.protocol.jid.BareJid;
import dev.parley.protocol.muc.MucJoin;
import dev.parley.protocol.xdata.DataForm;
import java.util.ArrayList;
import java.util.List;

/** A room as XEP-0030 shows it (XEP-0045 §6.4, §6.5). */
final class RoomDisco {
    private RoomDisco() {}

    /**
     * §6.4: the room's identity, its muc_* features from its configuration, and the muc#roominfo form (XEP-0128,
     * §16.5.4): with the owners as contact addresses, and the address of its logs when it is logged and the service
     * publishes logs ({@code logsUrl}, "{room}" replaced by the room's JID; empty when it does not); the archive's
     * features when it keeps one ({@code archived}).
     */
    static DiscoInfo info(BareJid jid, RoomState state, int occupants, String logsUrl, boolean archived) {
        RoomConfig c = state.config();
        List<String> features = new ArrayList<>(List.of(MucJoin.NAMESPACE, DiscoInfo.NAMESPACE, "urn:xmpp:sid:0", Registration.NAMESPACE,
                Moderation.NAMESPACE));
        dev.parley.server.room.feature.RoomFeatures.discoFeatures(state, c, features);
        if (state.secret() != null) features.add(OccupantIds.NAMESPACE); // XEP-0421 §2
        features.addAll(List.of(Hats.NAMESPACE, RoomHats.COMMANDS, RoomAvatar.VCARD)); // XEP-0317 §2, XEP-0050, XEP-0486 §3.1
        if (archived) {
            // XEP-0313 §7 (both, on the room's bare JID: §3.3.2); XEP-0424 §4: retracted messages leave tombstones
            features.addAll(List.of(dev.parley.protocol.mam.MamQuery.NAMESPACE, dev.parley.protocol.mam.MamQuery.EXTENDED,
                    Moderation.RETRACT + "#tombstone"));
        }
        DataForm info = DataForm.withFormType(DataForm.Type.RESULT, "http://jabber.org/protocol/muc#roominfo", List.of(
                dev.parley.protocol.xdata.FormField.of("muc#roominfo_description", null, c.description()).withLabel("Description"),
                dev.parley.protocol.xdata.FormField.of("muc#roominfo_occupants", null, Integer.toString(occupants)).withLabel("Number of occupants"),
                dev.parley.protocol.xdata.FormField.of("muc#roominfo_subject", null, state.subject()).withLabel("Current Discussion Topic"),
                dev.parley.protocol.xdata.FormField.of("muc#roomconfig_changesubject", null, c.changeSubject() ? "1" : "0").withLabel("Subject can be modified"),
                dev.parley.protocol.xdata.FormField.of("muc#roominfo_lang", null, c.lang()).withLabel("Language of discussion"),
                dev.parley.protocol.xdata.FormField.of("muc#maxhistoryfetch", null, Integer.toString(c.maxHistoryFetch()))
                        .withLabel("Maximum Number of History Messages Returned by Room"),
                new dev.parley.protocol.xdata.FormField("muc#roominfo_contactjid", dev.parley.protocol.xdata.FormField.Type.JID_MULTI,
                        "Contact Addresses (normally, room owner or owners)", null, false, state.withAffiliation(dev.parley.protocol.muc.Affiliation.OWNER),
                        List.of())));
        List<dev.parley.protocol.xdata.FormField> fields = new ArrayList<>(info.fields());
        if (c.enableLogging() && logsUrl != null && !logsUrl.isBlank()) {
            fields.add(dev.parley.protocol.xdata.FormField.of("muc#roominfo_logs", null, logsUrl.replace("{room}", jid.toString()))
                    .withLabel("URL for Archived Discussion Logs"));
        }
        if (state.avatar() != null) {
            // XEP-0486 §3.3: the XEP-0153 hash of each photo
            fields.add(new dev.parley.protocol.xdata.FormField("muc#roominfo_avatarhash", dev.parley.protocol.xdata.FormField.Type.TEXT_MULTI,
                    "Avatar hash", null, false, state.avatar().hashes(), List.of()));
        }
        String hatsHash = state.hats().hash();
        if (hatsHash != null) fields.add(dev.parley.protocol.xdata.FormField.of("hats#hash", null, hatsHash).withLabel("Hats hash")); // XEP-0317 §2
        if (fields.size() > info.fields().size()) {
            info = DataForm.withFormType(DataForm.Type.RESULT, "http://jabber.org/protocol/muc#roominfo", fields.subList(1, fields.size()));
        }
        String name = c.name().isEmpty() ? jid.local().value() : c.name();
        return new DiscoInfo(null, List.of(DiscoInfo.Identity.of("conference", "text", name)), features, List.of(info));
    }

    /**
     * §6.5: the occupants' room JIDs, to occupants and, where the room makes its occupant list public, to
     * anyone; otherwise the empty query the XEP prescribes for a private list (Example 13).
     */
    static DiscoItems items(RoomConfig c, Roster roster, boolean askerIsOccupant) {
        if (!askerIsOccupant && !c.publicOccupantList()) return new DiscoItems(null, List.of(), null);
        List<DiscoItems.Item> items = new ArrayList<>();
        for (Occupant o : roster.all()) items.add(new DiscoItems.Item(roster.occupantJid(o), null, null));
        return new DiscoItems(null, items, null);
    }
}
