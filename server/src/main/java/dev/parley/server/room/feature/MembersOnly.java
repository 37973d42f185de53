package dev.parley.server.room.feature;

import dev.parley.protocol.muc.Affiliation;
import dev.parley.protocol.stanza.StanzaError.Condition;
import dev.parley.protocol.xdata.DataForm;
import dev.parley.protocol.xdata.FormField;
import dev.parley.server.room.RoomConfig;
import dev.parley.server.room.RoomState;
import java.util.List;

/** §7.2.6: a members-only room refuses users not on its member list with <registration-required/>. */
final class MembersOnly implements RoomFeature {
    @Override
    public Refusal preJoin(JoinAttempt a) {
        return a.state().config().membersOnly() && a.affiliation() == Affiliation.NONE ? new Refusal(Condition.REGISTRATION_REQUIRED, "members only") : null;
    }

    @Override
    public void discoFeatures(RoomState state, RoomConfig c, List<String> features) {
        features.add(c.membersOnly() ? "muc_membersonly" : "muc_open");
    }

    static final String FIELD = "muc#roomconfig_membersonly";

    @Override
    public void configFields(RoomConfig c, List<FormField> fields) {
        fields.add(FormField.of(FIELD, FormField.Type.BOOLEAN, c.membersOnly() ? "1" : "0").withLabel("Make Room Members-Only?"));
    }

    @Override
    public RoomConfig applySubmitted(RoomConfig c, DataForm submitted) {
        Boolean on = submitted.booleanValue(FIELD);
        return on == null ? c : c.withMembersOnly(on);
    }
}
