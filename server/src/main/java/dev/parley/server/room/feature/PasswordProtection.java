package dev.parley.server.room.feature;

import dev.parley.protocol.stanza.StanzaError.Condition;
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
}
