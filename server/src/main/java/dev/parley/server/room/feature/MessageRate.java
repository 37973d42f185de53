package dev.parley.server.room.feature;

import dev.parley.protocol.xdata.DataForm;
import dev.parley.protocol.xdata.FormField;
import dev.parley.server.room.RoomConfig;
import java.util.List;

/**
 * How many messages one occupant may send through the room (groupchat and private messages), so that one
 * flooding client cannot drown a public room: a token bucket per occupant, the burst and the sustained rate
 * the service's ({@code parley.muc.occupant-message-burst}, {@code parley.muc.occupant-message-rate}), the
 * rate per room if its owner sets {@value #FIELD}. Moderators are not limited. A message over the limit is
 * refused at once with resource-constraint (type wait) and ejabberd's text, {@value #TEXT}, and delays
 * nobody else's.
 */
public final class MessageRate implements RoomFeature {
    /** Not in the §16.5.3 registry, so prefixed "x-" as XEP-0068 §3.4 asks of unregistered fields. */
    public static final String FIELD = "x-parley#messagerate";
    /** What ejabberd answers (mod_muc_room, min_message_interval), which its users' clients show. */
    public static final String TEXT = "Traffic rate limit is exceeded";

    /** The messages a minute an occupant may send in a room so configured; 0 for no limit. */
    public static int perMinute(RoomConfig c, int serviceRate) {
        return c.messageRate() > 0 ? c.messageRate() : serviceRate;
    }

    @Override
    public void configFields(RoomConfig c, List<FormField> fields) {
        fields.add(FormField.of(FIELD, FormField.Type.TEXT_SINGLE, Integer.toString(c.messageRate()))
                .withLabel("Messages an occupant may send a minute (0: the service's setting)"));
    }

    @Override
    public RoomConfig applySubmitted(RoomConfig c, DataForm submitted) {
        String v = submitted.value(FIELD);
        if (v == null || v.isBlank()) return c;
        int rate;
        try {
            rate = Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(FIELD + " is a number of messages a minute");
        }
        if (rate < 0) throw new IllegalArgumentException(FIELD + " is a number of messages a minute");
        return c.copy().messageRate(rate).build();
    }
}
