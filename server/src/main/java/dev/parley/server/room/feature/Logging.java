package dev.parley.server.room.feature;

import dev.parley.protocol.muc.Status;
import dev.parley.protocol.xdata.DataForm;
import dev.parley.protocol.xdata.FormField;
import dev.parley.server.room.RoomConfig;
import java.util.List;

/** Public logging (muc#roomconfig_enablelogging): a newcomer is told with 170 (§7.2.12). */
final class Logging implements RoomFeature {
    static final String FIELD = "muc#roomconfig_enablelogging";

    @Override
    public void joined(Joined j) {
        if (j.state().config().enableLogging()) j.selfStatus(Status.LOGGING_ENABLED_170);
    }

    @Override
    public void configFields(RoomConfig c, List<FormField> fields) {
        fields.add(FormField.bool(FIELD, c.enableLogging()).withLabel("Enable Public Logging?"));
    }

    @Override
    public RoomConfig applySubmitted(RoomConfig c, DataForm submitted) {
        Boolean on = submitted.booleanValue(FIELD);
        return on == null ? c : c.copy().enableLogging(on).build();
    }
}
