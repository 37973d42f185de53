package dev.parley.server.room.feature;

import dev.parley.protocol.muc.Role;
import dev.parley.protocol.stanza.Message;
import dev.parley.protocol.stanza.StanzaError.Condition;
import dev.parley.protocol.xdata.DataForm;
import dev.parley.protocol.xdata.FormField;
import dev.parley.protocol.xml.Element;
import dev.parley.server.room.RoomConfig;
import java.util.List;
import java.util.UUID;

/**
 * The room's subject: moderators change it, and participants too where muc#roomconfig_changesubject
 * allows (§8.1); a newcomer receives it after the history, an empty one when there is none (§7.2.15).
 */
final class Subject implements RoomFeature {
    static final String FIELD = "muc#roomconfig_changesubject";

    @Override
    public void joined(Joined j) {
        if (j.created()) return; // a new room has no subject to tell
        String by = j.state().subjectBy();
        j.welcome(Message.builder(Message.Type.GROUPCHAT).attribute("from", by == null ? j.room() : j.room() + "/" + by)
                .attribute("to", j.newcomer()).attribute("id", UUID.randomUUID().toString())
                .add(Element.builder("subject", "jabber:client").text(j.state().subject()).build()).build());
    }

    @Override
    public Refusal message(MessageAttempt a) {
        if (!a.changesSubject()) return null;
        boolean may = a.role() == Role.MODERATOR || (a.role() == Role.PARTICIPANT && a.state().config().changeSubject());
        return may ? null : new Refusal(Condition.FORBIDDEN, "only moderators may change the subject");
    }

    @Override
    public void configFields(RoomConfig c, List<FormField> fields) {
        fields.add(FormField.bool(FIELD, c.changeSubject()).withLabel("Allow Occupants to Change Subject?"));
    }

    @Override
    public RoomConfig applySubmitted(RoomConfig c, DataForm submitted) {
        Boolean on = submitted.booleanValue(FIELD);
        return on == null ? c : c.copy().changeSubject(on).build();
    }
}
