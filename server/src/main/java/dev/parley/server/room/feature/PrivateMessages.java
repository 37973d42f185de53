package dev.parley.server.room.feature;

import dev.parley.protocol.muc.Role;
import dev.parley.protocol.stanza.StanzaError.Condition;
import dev.parley.protocol.xdata.DataForm;
import dev.parley.protocol.xdata.FormField;
import dev.parley.server.room.RoomConfig;
import java.util.List;

/** Who may send private messages to other occupants (§7.5, muc#roomconfig_allowpm); others get forbidden. */
final class PrivateMessages implements RoomFeature {
    static final String FIELD = "muc#roomconfig_allowpm";

    @Override
    public Refusal message(MessageAttempt a) {
        if (!a.privateMessage()) return null;
        boolean allowed = switch (a.state().config().allowPm()) {
            case "anyone" -> true;
            case "participants" -> a.role() == Role.PARTICIPANT || a.role() == Role.MODERATOR;
            case "moderators" -> a.role() == Role.MODERATOR;
            default -> false;
        };
        return allowed ? null : new Refusal(Condition.FORBIDDEN, "private messages are not allowed to you here");
    }

    @Override
    public void configFields(RoomConfig c, List<FormField> fields) {
        fields.add(FormField.of(FIELD, FormField.Type.LIST_SINGLE, c.allowPm()).withLabel("Who Can Send Private Messages?")
                .withOptions(List.of(new FormField.Option("Anyone", "anyone"), new FormField.Option("Anyone with Voice", "participants"),
                        new FormField.Option("Moderators Only", "moderators"), new FormField.Option("Nobody", "none"))));
    }

    @Override
    public RoomConfig applySubmitted(RoomConfig c, DataForm submitted) {
        String v = submitted.value(FIELD);
        return v == null ? c : c.copy().allowPm(v).build();
    }
}
