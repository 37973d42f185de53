package dev.parley.server.room.feature;

import dev.parley.protocol.xdata.DataForm;
import dev.parley.protocol.xdata.FormField;
import dev.parley.server.room.RoomConfig;
import java.util.List;

/**
 * Whether a persistent room archives its messages for XEP-0313 queries: {@value #FIELD}, the field Prosody's rooms
 * use; on by default. A temporary room keeps no archive (it would end with the room).
 */
final class Archiving implements RoomFeature {
    static final String FIELD = "muc#roomconfig_enablearchiving";

    @Override
    public void configFields(RoomConfig c, List<FormField> fields) {
        fields.add(FormField.bool(FIELD, c.archiving()).withLabel("Archive the room's messages (for persistent rooms)"));
    }

    @Override
    public RoomConfig applySubmitted(RoomConfig c, DataForm submitted) {
        Boolean on = submitted.booleanValue(FIELD);
        return on == null ? c : c.copy().archive(on).build();
    }
}
