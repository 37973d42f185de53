package dev.parley.server.room.feature;

import dev.parley.protocol.xdata.DataForm;
import dev.parley.protocol.xdata.FormField;
import dev.parley.server.room.RoomConfig;
import dev.parley.server.room.RoomState;
import java.util.List;

/**
 * Persistent or temporary (§4.2): a temporary room ends when its last occupant leaves (§10.1); a persistent
 * one stays, and its messages are written to the journal before they are reflected.
 */
final class Persistence implements RoomFeature {
    static final String FIELD = "muc#roomconfig_persistentroom";

    @Override
    public boolean endsRoom(Left left) {
        return left.remaining() == 0 && !left.state().config().persistent();
    }

    @Override
    public void discoFeatures(RoomState state, RoomConfig c, List<String> features) {
        features.add(c.persistent() ? "muc_persistent" : "muc_temporary");
    }

    @Override
    public void configFields(RoomConfig c, List<FormField> fields) {
        fields.add(FormField.bool(FIELD, c.persistent()).withLabel("Make Room Persistent?"));
    }

    @Override
    public RoomConfig applySubmitted(RoomConfig c, DataForm submitted) {
        Boolean on = submitted.booleanValue(FIELD);
        return on == null ? c : c.copy().persistent(on).build();
    }
}
