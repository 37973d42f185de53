package dev.parley.server.room.feature;

import dev.parley.protocol.xdata.DataForm;
import dev.parley.protocol.xdata.FormField;
import dev.parley.server.room.RoomConfig;
import dev.parley.server.room.RoomState;
import java.util.List;

/**
 * Public or hidden (§4.2, muc#roomconfig_publicroom): whether the service lists the room (§6.3) and search
 * finds it; and whether non-occupants may list its occupants through its disco#items (§6.5), the
 * {@code public_list} field as in ejabberd.
 */
final class Visibility implements RoomFeature {
    static final String PUBLIC = "muc#roomconfig_publicroom";
    static final String PUBLIC_LIST = "public_list";

    @Override
    public void discoFeatures(RoomState state, RoomConfig c, List<String> features) {
        features.add(c.publicRoom() ? "muc_public" : "muc_hidden");
    }

    @Override
    public void configFields(RoomConfig c, List<FormField> fields) {
        fields.add(FormField.bool(PUBLIC, c.publicRoom()).withLabel("Make Room Publicly Searchable?"));
        fields.add(FormField.bool(PUBLIC_LIST, c.publicOccupantList()).withLabel("Make Occupant List Public?"));
    }

    @Override
    public RoomConfig applySubmitted(RoomConfig c, DataForm submitted) {
        Boolean listed = submitted.booleanValue(PUBLIC);
        Boolean occupants = submitted.booleanValue(PUBLIC_LIST);
        return c.copy().publicRoom(listed == null ? c.publicRoom() : listed)
                .publicOccupantList(occupants == null ? c.publicOccupantList() : occupants).build();
    }
}
