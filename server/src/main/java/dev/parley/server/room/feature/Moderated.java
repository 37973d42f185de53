package dev.parley.server.room.feature;

import dev.parley.protocol.muc.Role;
import dev.parley.protocol.stanza.StanzaError.Condition;
import dev.parley.protocol.xdata.DataForm;
import dev.parley.protocol.xdata.FormField;
import dev.parley.server.room.RoomConfig;
import dev.parley.server.room.RoomState;
import java.util.List;

/**
 * A moderated room (§4.2): only occupants with voice speak to all. Newcomers without an affiliation enter
 * as visitors (Privileges.initialRole); a visitor's message with a body is refused with forbidden (§7.4).
 */
final class Moderated implements RoomFeature {
    static final String FIELD = "muc#roomconfig_moderatedroom";

    @Override
    public Refusal message(MessageAttempt a) {
        if (a.privateMessage() || a.role() != Role.VISITOR || a.message().body() == null) return null;
        return new Refusal(Condition.FORBIDDEN, "you have no voice in this room");
    }

    @Override
    public void discoFeatures(RoomState state, RoomConfig c, List<String> features) {
        features.add(c.moderated() ? "muc_moderated" : "muc_unmoderated");
    }

    @Override
    public void configFields(RoomConfig c, List<FormField> fields) {
        fields.add(FormField.bool(FIELD, c.moderated()).withLabel("Make Room Moderated?"));
    }

    @Override
    public RoomConfig applySubmitted(RoomConfig c, DataForm submitted) {
        Boolean on = submitted.booleanValue(FIELD);
        return on == null ? c : c.copy().moderated(on).build();
    }
}
