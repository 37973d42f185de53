package dev.parley.server.room.feature;

import dev.parley.protocol.xdata.DataForm;
import dev.parley.protocol.xdata.FormField;
import dev.parley.server.room.RoomConfig;
import java.util.List;

/**
 * Old "groupchat 1.0" clients, which enter with a presence that has no MUC element (§7.2.18). The XEP
 * recommends treating such a presence from a non-occupant as a client that lost track of the room, and
 * kicking it (110/307/333); the original conferencing requirements wanted old clients admitted. The
 * owner chooses per room ({@value #FIELD}: admit, kick, or the service's default,
 * {@code parley.muc.admit-groupchat-1-0-clients}).
 */
public final class Groupchat10 implements RoomFeature {
    /** Not in the §16.5.3 registry, so prefixed "x-" as XEP-0068 §3.4 asks of unregistered fields. */
    public static final String FIELD = "x-parley#groupchat10";

    /** Whether a presence without the MUC element from a non-occupant enters the room. */
    public static boolean admits(RoomConfig c, boolean serviceDefault) {
        return switch (c.groupchat10()) {
            case "admit" -> true;
            case "kick" -> false;
            default -> serviceDefault;
        };
    }

    @Override
    public void configFields(RoomConfig c, List<FormField> fields) {
        fields.add(FormField.of(FIELD, FormField.Type.LIST_SINGLE, c.groupchat10()).withLabel("Clients that enter without the MUC element (groupchat 1.0)")
                .withOptions(List.of(new FormField.Option("The service's default", RoomConfig.GROUPCHAT10_DEFAULT),
                        new FormField.Option("Admit them", "admit"), new FormField.Option("Remove them (XEP-0045 §7.2.18)", "kick"))));
    }

    @Override
    public RoomConfig applySubmitted(RoomConfig c, DataForm submitted) {
        String v = submitted.value(FIELD);
        return v == null ? c : c.copy().groupchat10(v).build();
    }
}
