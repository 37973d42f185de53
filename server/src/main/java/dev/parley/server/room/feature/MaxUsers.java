package dev.parley.server.room.feature;

import dev.parley.protocol.stanza.StanzaError.Condition;
import dev.parley.protocol.xdata.DataForm;
import dev.parley.protocol.xdata.FormField;
import dev.parley.server.room.RoomConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * §7.2.9: a full room refuses entry with <service-unavailable/>, but "MUST allow the admin or owner to join,
 * up to some reasonable number of additional occupants" ({@link #ADMIN_OVERFLOW}).
 */
final class MaxUsers implements RoomFeature {
    static final int ADMIN_OVERFLOW = 10;

    @Override
    public Refusal preJoin(JoinAttempt a) {
        int max = a.state().config().maxUsers();
        if (max <= 0 || a.occupants() < max) return null;
        if (a.isOwnerOrAdmin() && a.occupants() < max + ADMIN_OVERFLOW) return null;
        return new Refusal(Condition.SERVICE_UNAVAILABLE, "the room is full");
    }

    static final String FIELD = "muc#roomconfig_maxusers";

    /** Common sizes to pick from; any number is accepted (clients such as Smack send their own). */
    @Override
    public void configFields(RoomConfig c, List<FormField> fields) {
        List<FormField.Option> options = new ArrayList<>();
        for (String v : new String[] {"10", "20", "30", "50", "100", "200", "500", "1000"}) options.add(new FormField.Option(v, v));
        String current = Integer.toString(c.maxUsers());
        if (c.maxUsers() != 0 && options.stream().noneMatch(o -> o.value().equals(current))) options.add(new FormField.Option(current, current));
        options.add(new FormField.Option("None", "none"));
        fields.add(FormField.of(FIELD, FormField.Type.LIST_SINGLE, c.maxUsers() == 0 ? "none" : current).withLabel("Maximum Number of Occupants")
                .withOptions(options));
    }

    @Override
    public RoomConfig applySubmitted(RoomConfig c, DataForm submitted) {
        if (submitted.field(FIELD) == null) return c;
        String v = submitted.value(FIELD) == null ? "" : submitted.value(FIELD).trim();
        if (v.isEmpty() || v.equals("none")) return c.withMaxUsers(0);
        try {
            int max = Integer.parseInt(v);
            if (max < 0) throw new NumberFormatException();
            return c.withMaxUsers(max);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("maxusers must be a number or none");
        }
    }
}
