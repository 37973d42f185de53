package dev.parley.server.fencing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.ClusterEvent.CurrentClusterState;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;

/**
 * The Split Brain Resolver's keep-majority rule, seen from one node: would its side of the cluster be downed if
 * what it sees unreachable now stayed so? Counted over the members that the resolver counts (Up and Leaving; a
 * member joining hosts nothing yet): fewer reachable than unreachable loses; on a tie, the side without the
 * member of the lowest address loses (Pekko's keep-majority tie-breaker).
 */
final class Majority {
    private Majority() {}

    static boolean losing(CurrentClusterState state) {
        List<Address> counted = new ArrayList<>();
        Set<Address> unreachable = new HashSet<>();
        for (Member m : state.getMembers()) {
            MemberStatus s = m.status();
            if (s != MemberStatus.up() && s != MemberStatus.leaving()) continue;
            counted.add(m.address());
            if (state.getUnreachable().contains(m)) unreachable.add(m.address());
        }
        return losing(counted, unreachable);
    }

    /** {@code members}: those counted, this node's own among them; {@code unreachable}: those it cannot reach. */
    static boolean losing(Collection<Address> members, Set<Address> unreachable) {
        if (unreachable.isEmpty()) return false;
        int reachable = members.size() - unreachable.size();
        if (reachable != unreachable.size()) return reachable < unreachable.size();
        Address lowest = null;
        for (Address a : members) if (lowest == null || Member.addressOrdering().compare(a, lowest) < 0) lowest = a;
        return unreachable.contains(lowest);
    }
}
