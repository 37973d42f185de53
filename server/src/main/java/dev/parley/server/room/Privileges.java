package dev.parley.server.room;

import dev.parley.protocol.muc.Affiliation;
import dev.parley.protocol.muc.Role;
import dev.parley.protocol.stanza.StanzaError.Condition;

/**
 * Who may change whose role or affiliation (XEP-0045 Tables 3 and 6, §8–§10). Pure: the answer is null
 * when the change is allowed, else the error condition the XEP names.
 */
final class Privileges {
    private Privileges() {}

    /**
     * A role change (§8.2 kick, §8.3–§8.5 voice, §9.6–§9.8 moderator).
     *
     * @param actor the affiliation and role of who asks
     * @param target the affiliation and current role of the occupant
     */
    static Condition roleChange(Affiliation actorAffiliation, Role actorRole, Affiliation targetAffiliation, Role targetRole, Role newRole, boolean self) {
        if (actorRole != Role.MODERATOR) return Condition.FORBIDDEN; // Table 3: only moderators change roles
        boolean privileged = targetAffiliation == Affiliation.OWNER || targetAffiliation == Affiliation.ADMIN;
        boolean actorIsAdmin = actorAffiliation == Affiliation.OWNER || actorAffiliation == Affiliation.ADMIN;
        if (newRole == Role.NONE) {
            if (self) return Condition.CONFLICT; // §8.2: "MAY deny ... a moderator attempts to kick himself"
            if (targetAffiliation.outranks(actorAffiliation)) return Condition.NOT_ALLOWED; // §8.2
            if (privileged && !actorIsAdmin) return Condition.NOT_ALLOWED;
            return null; // a kick is judged by affiliation alone
        }
        if (privileged && newRole.ordinal() > targetRole.ordinal()) {
            // §8.4 "a service MUST NOT allow the voice privileges of an admin or owner to be removed by anyone",
            // §9.7 "moderator status cannot be revoked from a room owner or room admin": not-allowed, whoever asks
            return Condition.NOT_ALLOWED;
        }
        if (newRole == Role.MODERATOR || (targetRole == Role.MODERATOR && newRole != Role.MODERATOR)) {
            // §9.6, §9.7: granting or revoking moderator status is for admins and owners
            if (!actorIsAdmin) return Condition.FORBIDDEN;
            if (targetRole == Role.MODERATOR && newRole != Role.MODERATOR && privileged) return Condition.NOT_ALLOWED; // §9.7
        }
        if (newRole == Role.VISITOR) {
            // §8.4: never from an admin or owner; never from someone at or above the moderator's affiliation
            if (privileged) return Condition.NOT_ALLOWED;
            if (!actorAffiliation.outranks(targetAffiliation) && targetAffiliation != Affiliation.NONE) return Condition.NOT_ALLOWED;
        }
        return null;
    }

    /**
     * An affiliation change (§9.1–§9.5 ban and membership, §10.3–§10.8 owners and admins).
     *
     * @param lastOwner the target is the room's only owner
     */
    static Condition affiliationChange(Affiliation actor, Affiliation target, Affiliation newAffiliation, boolean self, boolean lastOwner) {
        if (actor != Affiliation.OWNER && actor != Affiliation.ADMIN) return Condition.FORBIDDEN; // Table 6
        if (target.outranks(actor)) return Condition.NOT_ALLOWED; // §9.1: not by someone of lower affiliation
        boolean touchesAdmins = newAffiliation == Affiliation.OWNER || newAffiliation == Affiliation.ADMIN
                || target == Affiliation.OWNER || target == Affiliation.ADMIN;
        if (touchesAdmins && actor != Affiliation.OWNER) return Condition.FORBIDDEN; // Table 6: the admin and owner lists are the owners'
        if (self && newAffiliation == Affiliation.OUTCAST) return Condition.CONFLICT; // §9.1: banning oneself
        if (lastOwner && newAffiliation != Affiliation.OWNER) return Condition.CONFLICT; // §10.4, §10.5
        return null;
    }

    /** Who may read which list (§8.5, §9.2, §9.5, §9.8, §10.5, §10.8). */
    /** @param getMemberList the roles the room's configuration lets read the member list (§7.11) */
    static Condition list(Affiliation actor, Role actorRole, Affiliation ofAffiliation, Role ofRole, java.util.List<String> getMemberList) {
        if (ofRole != null) {
            if (ofRole == Role.MODERATOR) return actor == Affiliation.OWNER || actor == Affiliation.ADMIN ? null : Condition.FORBIDDEN;
            return actorRole == Role.MODERATOR ? null : Condition.FORBIDDEN; // the voice list
        }
        if (ofAffiliation == Affiliation.OWNER || ofAffiliation == Affiliation.ADMIN) {
            return actor == Affiliation.OWNER ? null : Condition.FORBIDDEN;
        }
        if (actor == Affiliation.OWNER || actor == Affiliation.ADMIN) return null;
        // §7.11: occupants whose role muc#roomconfig_getmemberlist names may read the member list
        if (ofAffiliation == Affiliation.MEMBER && actorRole != Role.NONE && getMemberList.contains(actorRole.value())) return null;
        return Condition.FORBIDDEN;
    }

    /** Table 4: the role an affiliation starts with. */
    static Role initialRole(Affiliation a, RoomConfig c) {
        if (a == Affiliation.OWNER || a == Affiliation.ADMIN) return Role.MODERATOR;
        if (a == Affiliation.NONE && c.moderated()) return Role.VISITOR;
        return Role.PARTICIPANT;
    }
}
