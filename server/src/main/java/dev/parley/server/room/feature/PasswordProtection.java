package dev.parley.server.room.feature;

import dev.parley.protocol.stanza.StanzaError.Condition;
import dev.parley.protocol.xdata.DataForm;
import dev.parley.protocol.xdata.FormField;
import dev.parley.server.room.RoomConfig;
import dev.parley.server.room.RoomState;
import java.util.List;

/** §7.2.5: a password-protected room refuses a missing or wrong password with <not-authorized/>. */
final class PasswordProtection implements RoomFeature {
    @Override
    public Refusal preJoin(JoinAttempt a) {
        RoomConfig c = a.state().config();
        if (!c.passwordProtected()) return null;
        String given = a.join() == null ? null : a.join().password();
        return given == null || !given.equals(c.secret()) ? new Refusal(Condition.NOT_AUTHORIZED, "a password is required") : null;
    }

    @Override
    public void discoFeatures(RoomState state, RoomConfig c, List<String> features) {
        features.add(c.passwordProtected() ? "muc_passwordprotected" : "muc_unsecured");
    }

    static final String PROTECTED = "muc#roomconfig_passwordprotectedroom";
    static final String SECRET = "muc#roomconfig_roomsecret";

    @Override
    public void configFields(RoomConfig c, List<FormField> fields) {
        fields.add(FormField.of(PROTECTED, FormField.Type.BOOLEAN, c.passwordProtected() ? "1" : "0").withLabel("Password Required to Enter?"));
        fields.add(FormField.of(SECRET, FormField.Type.TEXT_PRIVATE, c.secret()).withLabel("Password"));
    }

    @Override
    public RoomConfig applySubmitted(RoomConfig c, DataForm submitted) {
        Boolean on = submitted.booleanValue(PROTECTED);
        boolean protect = on == null ? c.passwordProtected() : on;
        String secret = submitted.field(SECRET) == null ? c.secret() : submitted.value(SECRET) == null ? "" : submitted.value(SECRET);
        if (protect && secret.isEmpty()) throw new IllegalArgumentException("a password-protected room needs a password");
        return c.withPassword(protect, secret);
    }
}
