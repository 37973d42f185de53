package dev.parley.server.room;

import static dev.parley.protocol.muc.Affiliation.ADMIN;
import static dev.parley.protocol.muc.Affiliation.MEMBER;
import static dev.parley.protocol.muc.Affiliation.NONE;
import static dev.parley.protocol.muc.Affiliation.OUTCAST;
import static dev.parley.protocol.muc.Affiliation.OWNER;
import static dev.parley.protocol.muc.Role.MODERATOR;
import static dev.parley.protocol.muc.Role.PARTICIPANT;
import static dev.parley.protocol.muc.Role.VISITOR;
import static dev.parley.protocol.stanza.StanzaError.Condition.CONFLICT;
import static dev.parley.protocol.stanza.StanzaError.Condition.FORBIDDEN;
import static dev.parley.protocol.stanza.StanzaError.Condition.NOT_ALLOWED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.muc.Role;
import org.junit.jupiter.api.Test;

class PrivilegesTest {
    @Test
    void onlyModeratorsKick_8_2() {
        assertThat(Privileges.roleChange(NONE, PARTICIPANT, NONE, PARTICIPANT, Role.NONE, false)).isEqualTo(FORBIDDEN);
        assertThat(Privileges.roleChange(NONE, MODERATOR, NONE, PARTICIPANT, Role.NONE, false)).isNull();
        assertThat(Privileges.roleChange(ADMIN, MODERATOR, NONE, PARTICIPANT, Role.NONE, false)).isNull();
    }

    @Test
    void noOneIsKickedByALowerAffiliation_8_2() {
        assertThat(Privileges.roleChange(NONE, MODERATOR, ADMIN, MODERATOR, Role.NONE, false)).isEqualTo(NOT_ALLOWED);
        assertThat(Privileges.roleChange(ADMIN, MODERATOR, OWNER, MODERATOR, Role.NONE, false)).isEqualTo(NOT_ALLOWED);
        assertThat(Privileges.roleChange(OWNER, MODERATOR, ADMIN, MODERATOR, Role.NONE, false)).isNull();
        assertThat(Privileges.roleChange(OWNER, MODERATOR, OWNER, MODERATOR, Role.NONE, true)).isEqualTo(CONFLICT);
    }

    @Test
    void voice_8_3_and_8_4() {
        assertThat(Privileges.roleChange(NONE, MODERATOR, NONE, VISITOR, PARTICIPANT, false)).isNull(); // grant
        assertThat(Privileges.roleChange(NONE, MODERATOR, NONE, PARTICIPANT, VISITOR, false)).isNull(); // revoke
        assertThat(Privileges.roleChange(OWNER, MODERATOR, ADMIN, MODERATOR, VISITOR, false)).isEqualTo(NOT_ALLOWED); // never from an admin
        assertThat(Privileges.roleChange(ADMIN, MODERATOR, MEMBER, PARTICIPANT, VISITOR, false)).isNull();
        // §8.4 "MUST NOT allow the voice privileges of an admin or owner to be removed by anyone": not-allowed,
        // also when the moderator asking is no admin (Smack's sinttest checks this)
        assertThat(Privileges.roleChange(MEMBER, MODERATOR, OWNER, MODERATOR, VISITOR, false)).isEqualTo(NOT_ALLOWED);
        assertThat(Privileges.roleChange(NONE, MODERATOR, ADMIN, MODERATOR, VISITOR, false)).isEqualTo(NOT_ALLOWED);
        // §9.7: moderator status is never revoked from an owner or admin
        assertThat(Privileges.roleChange(NONE, MODERATOR, OWNER, MODERATOR, PARTICIPANT, false)).isEqualTo(NOT_ALLOWED);
        assertThat(Privileges.roleChange(OWNER, MODERATOR, ADMIN, MODERATOR, PARTICIPANT, false)).isEqualTo(NOT_ALLOWED);
        assertThat(Privileges.roleChange(NONE, MODERATOR, MEMBER, PARTICIPANT, VISITOR, false)).isEqualTo(NOT_ALLOWED); // at or above
    }

    @Test
    void moderatorStatusIsForAdminsAndOwners_9_6_and_9_7() {
        assertThat(Privileges.roleChange(NONE, MODERATOR, NONE, PARTICIPANT, MODERATOR, false)).isEqualTo(FORBIDDEN);
        assertThat(Privileges.roleChange(ADMIN, MODERATOR, NONE, PARTICIPANT, MODERATOR, false)).isNull();
        assertThat(Privileges.roleChange(ADMIN, MODERATOR, NONE, MODERATOR, PARTICIPANT, false)).isNull();
        assertThat(Privileges.roleChange(OWNER, MODERATOR, ADMIN, MODERATOR, PARTICIPANT, false)).isEqualTo(NOT_ALLOWED);
    }

    @Test
    void affiliations_9_and_10() {
        assertThat(Privileges.affiliationChange(MEMBER, NONE, OUTCAST, false, false)).isEqualTo(FORBIDDEN);
        assertThat(Privileges.affiliationChange(ADMIN, NONE, OUTCAST, false, false)).isNull(); // §9.1 ban
        assertThat(Privileges.affiliationChange(ADMIN, NONE, MEMBER, false, false)).isNull(); // §9.3
        assertThat(Privileges.affiliationChange(ADMIN, OWNER, OUTCAST, false, false)).isEqualTo(NOT_ALLOWED); // §9.1
        assertThat(Privileges.affiliationChange(ADMIN, NONE, ADMIN, false, false)).isEqualTo(FORBIDDEN); // §10.6 owners only
        assertThat(Privileges.affiliationChange(OWNER, NONE, ADMIN, false, false)).isNull();
        assertThat(Privileges.affiliationChange(OWNER, NONE, OWNER, false, false)).isNull(); // §10.3
        assertThat(Privileges.affiliationChange(ADMIN, ADMIN, OUTCAST, true, false)).isEqualTo(FORBIDDEN);
        assertThat(Privileges.affiliationChange(OWNER, OWNER, OUTCAST, true, false)).isEqualTo(CONFLICT); // §9.1 banning oneself
        assertThat(Privileges.affiliationChange(OWNER, OWNER, NONE, true, true)).isEqualTo(CONFLICT); // §10.4 the last owner
        assertThat(Privileges.affiliationChange(OWNER, OWNER, NONE, true, false)).isNull();
    }

    @Test
    void lists() {
        assertThat(Privileges.list(ADMIN, MODERATOR, OUTCAST, null, java.util.List.of())).isNull(); // §9.2 ban list
        assertThat(Privileges.list(NONE, PARTICIPANT, MEMBER, null, java.util.List.of())).isEqualTo(FORBIDDEN);
        // §7.11: the configuration may let occupants read the member list (muc#roomconfig_getmemberlist)
        assertThat(Privileges.list(NONE, PARTICIPANT, MEMBER, null, java.util.List.of("moderator", "participant"))).isNull();
        assertThat(Privileges.list(NONE, VISITOR, MEMBER, null, java.util.List.of("moderator", "participant"))).isEqualTo(FORBIDDEN);
        assertThat(Privileges.list(NONE, PARTICIPANT, OUTCAST, null, java.util.List.of("participant"))).as("not the ban list").isEqualTo(FORBIDDEN);
        assertThat(Privileges.list(ADMIN, MODERATOR, OWNER, null, java.util.List.of())).isEqualTo(FORBIDDEN); // §10.5 owners only
        assertThat(Privileges.list(NONE, MODERATOR, null, PARTICIPANT, java.util.List.of())).isNull(); // §8.5 voice list
        assertThat(Privileges.list(NONE, MODERATOR, null, MODERATOR, java.util.List.of())).isEqualTo(FORBIDDEN); // §9.8 admins and owners
    }
}
