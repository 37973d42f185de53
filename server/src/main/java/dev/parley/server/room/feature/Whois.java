package dev.parley.server.room.feature;

import dev.parley.protocol.muc.Status;
import dev.parley.protocol.xdata.DataForm;
import dev.parley.protocol.xdata.FormField;
import dev.parley.server.room.RoomConfig;
import dev.parley.server.room.RoomState;
import java.util.List;

/**
 * Who may discover occupants' real JIDs (§4.2, muc#roomconfig_whois): moderators only (a semi-anonymous
 * room) or anyone (non-anonymous). The roster shows the JIDs accordingly; a newcomer to a non-anonymous
 * room is warned with 100 (§7.2.3).
 */
final class Whois implements RoomFeature {
    static final String FIELD = "muc#roomconfig_whois";

    @Override
    public void joined(Joined j) {
        if (j.state().config().nonAnonymous()) j.selfStatus(Status.REAL_JID_PUBLIC_100);
    }

    @Override
    public void discoFeatures(RoomState state, RoomConfig c, List<String> features) {
        features.add(c.nonAnonymous() ? "muc_nonanonymous" : "muc_semianonymous");
    }

    @Override
    public void configFields(RoomConfig c, List<FormField> fields) {
        fields.add(FormField.of(FIELD, FormField.Type.LIST_SINGLE, c.whois()).withLabel("Who May Discover Real JIDs?")
                .withOptions(List.of(new FormField.Option("Moderators Only", "moderators"), new FormField.Option("Anyone", "anyone"))));
    }

    @Override
    public RoomConfig applySubmitted(RoomConfig c, DataForm submitted) {
        String v = submitted.value(FIELD);
        return v == null ? c : c.copy().whois(v).build();
    }
}
