package dev.parley.server.room;

import dev.parley.protocol.jid.FullJid;
import dev.parley.protocol.muc.Affiliation;
import dev.parley.protocol.muc.Nickname;
import dev.parley.protocol.muc.Role;
import dev.parley.protocol.xml.Element;
import dev.parley.server.delivery.Client;

/**
 * One occupant of a room, as live (runtime) state: who they really are, their nickname, role and
 * affiliation, how to reach them (on any node), and their current presence (without the room's additions).
 */
record Occupant(FullJid realJid, Nickname nick, Role role, Affiliation affiliation, Client client, Element presence) {
    Occupant withPresence(Element newPresence) {
        return new Occupant(realJid, nick, role, affiliation, client, newPresence);
    }

    Occupant withRole(Role newRole) {
        return new Occupant(realJid, nick, newRole, affiliation, client, presence);
    }

    Occupant withAffiliation(Affiliation newAffiliation, Role newRole) {
        return new Occupant(realJid, nick, newRole, newAffiliation, client, presence);
    }
}
