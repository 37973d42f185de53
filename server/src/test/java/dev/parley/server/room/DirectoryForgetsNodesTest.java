package dev.parley.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.junit.jupiter.api.Test;

/**
 * The room directory when a node leaves or is removed: the temporary rooms it hosted are gone with it, its
 * persistent rooms stay listed (they exist, and load on another node with their next stanza) with nobody in
 * them; other nodes' rooms, and a room that moved away meanwhile, are untouched.
 */
class DirectoryForgetsNodesTest {
    static final String GONE = "pekko://parley@127.0.0.1:25530";
    static final String STAYS = "pekko://parley@127.0.0.1:25520";

    @Test
    void aRemovedNodesTemporaryRoomsAreForgottenAndItsPersistentRoomsEmptied() {
        SelfUniqueAddress self = new SelfUniqueAddress(new UniqueAddress(new Address("pekko", "parley", "127.0.0.1", 25520), 1L));
        LWWMap<String, Listing> map = LWWMap.<String, Listing>empty()
                .put(self, "temporary@conference.localhost", new Listing("T", "", "", 4, true, false, false, GONE))
                .put(self, "persistent@conference.localhost", new Listing("P", "", "", 7, true, false, true, GONE))
                .put(self, "elsewhere@conference.localhost", new Listing("E", "", "", 2, true, false, false, STAYS));
        var after = RoomDirectory.forget(map, self, GONE).getEntries();
        assertThat(after).doesNotContainKey("temporary@conference.localhost");
        assertThat(after.get("persistent@conference.localhost").occupants()).isZero();
        assertThat(after.get("persistent@conference.localhost").host()).isNull();
        assertThat(after.get("persistent@conference.localhost").name()).isEqualTo("P");
        assertThat(after.get("elsewhere@conference.localhost")).isEqualTo(new Listing("E", "", "", 2, true, false, false, STAYS));
    }
}
