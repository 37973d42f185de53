package dev.parley.interop;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.igniterealtime.smack.inttest.AbstractSmackIntTest;
import org.igniterealtime.smack.inttest.SmackIntegrationTestFramework;
import org.igniterealtime.smack.inttest.annotations.SmackIntegrationTest;

/**
 * Which tests of Smack's integration test suite run against Parley: every test in {@link #PACKAGES}, but
 * those in {@link #EXCLUDED} (races inside Smack) and {@link #WITHOUT_FEATURE} (features Parley does not
 * claim), each excluded by name with its reason.
 *
 * <p>The suite's own {@code disabledTests} setting cannot be used: naming one method there disables its
 * whole class (sinttest 4.5.0-beta5). So the runner lists the tests to run instead.
 */
final class SuiteSelection {
    private SuiteSelection() {}

    /** The connection types the node offers to the suite: XMPP over TCP (the suite cannot find our WebSocket port). */
    static final String CONNECTIONS = "tcp";

    /** The packages whose tests run: the whole suite. */
    static final List<String> PACKAGES = List.of("org.igniterealtime.smack", "org.jivesoftware.smack", "org.jivesoftware.smackx");

    /**
     * Tests excluded, "SimpleClassName.method" → why. Each is a race inside Smack 4.5.0-beta5: in its
     * MultiUserChat between the test's thread and the connection's reader thread, seen failing here with
     * the server's stanzas correct and in the prescribed order (checked with Smack's debugger), or in its
     * modular TCP transport's reactor; each behaviour the test checks is covered by our own tests.
     */
    static final Map<String, String> EXCLUDED = Map.of(
            "MultiUserChatRolesAffiliationsPrivilegesIntegrationTest.mucPresenceTestForWitnessingKick",
            "the same race as mucPresenceTestForGettingKicked, seen by the witness: its participant listener,"
                    + " added right after join() returns, can receive the witness's own join presence (110, role"
                    + " participant) instead of the kick (seen once in CI on 2026-11-24). What others receive of a kick"
                    + " (unavailable, 307, role none, reason) is covered by dev.parley.server.room.RoomModerationTest.",
            "MultiUserChatRolesAffiliationsPrivilegesIntegrationTest.mucPresenceTestForGettingKicked",
            "the test adds its participant listener right after join() returns, but join() returns while the"
                    + " connection is still handing the occupant's own join presence (110, role participant) to the"
                    + " room's listeners, so the new listener can receive that presence instead of the kick, and"
                    + " the test finds no 307 and role participant. The kick itself (unavailable, 307, role none,"
                    + " reason, to the kicked occupant) is covered by dev.parley.server.room.RoomModerationTest.",
            "MultiUserChatOccupantIntegrationTest.mucMaxUsersLimitJoinRoomTest",
            "the test waits for the third user's MultiUserChat to pass the error presence of its refused join"
                    + " to a listener, but a refused join removes that MultiUserChat's listeners as soon as the"
                    + " error is collected, racing the reader thread that would invoke them: the wait times out."
                    + " The refusal itself (service-unavailable, XEP-0045 §7.2.9) is checked by the test before it"
                    + " waits, and by dev.parley.server.room.RoomConfigurationTest.maxUsers_7_2_9.",
            "MultiUserChatOccupantIntegrationTest.mucJoinPresenceInformationTest",
            "the test counts, right after join() returns, the presences its participant listener was handed; but"
                    + " MultiUserChat registers that listener with addStanzaListener, which Smack runs on its ordered"
                    + " asynchronous executor, while join() returns as soon as the self-presence is collected on the"
                    + " reader thread: the presences sent before it (correctly, §7.2.2) may not have reached the"
                    + " listener yet (seen once in a clean-clone CI run on 2026-12-02: 2 of 3). The order and content of"
                    + " the welcome are covered by dev.parley.server.room.EnteringOrderTest (raw stanzas).",
            "MultiUserChatOccupantIntegrationTest.mucChangeNicknameInformationTest",
            "the same race as mucPresenceTestForGettingKicked: the test adds a participant listener to the second"
                    + " occupant's MultiUserChat right after its join() returned, while Smack's ordered asynchronous"
                    + " executor may still be handing that occupant its own join presence (available, old nickname):"
                    + " the listener counts it with the nickname change's, 2 available instead of 1 (seen once here on"
                    + " 2026-12-02). The nickname change (§7.6: unavailable with 303 and the new nick, then available)"
                    + " is covered by dev.parley.server.room.RoomLifeTest and cluster.MultiNodeTest (nickname changes seen by others).",
            "MultiUserChatIntegrationTest.mucDestroyTestOccupant",
            "the test waits for its UserStatusListener.roomDestroyed and then asserts isJoined() is false at once; but"
                    + " Smack 4.5.0-beta5 (MultiUserChat$3, the presence listener: roomDestroyed at bytecode offset 523,"
                    + " userHasLeft() at 535) notifies the listeners before it marks the room left, on the reader's"
                    + " thread, so the test's thread can read isJoined() in between (seen once in a clean-clone CI run on"
                    + " 2026-12-03, after passing in every run before). That the destroy presence arrived is what woke the"
                    + " test. Destroying (§10.9: unavailable with <destroy/>, reason and venue, to every occupant; owners"
                    + " only) is covered by dev.parley.server.room.RoomLifeTest.destroyingARoom_10_9, which waits for"
                    + " isJoined() to turn false after the listener, for this reason.",
            "MultiUserChatOccupantIntegrationTest.mucLeaveTest",
            "a deadlock in Smack 4.5.0-beta5's MultiUserChat, not a server fault: leave() returns as soon as the"
                    + " reflected unavailable presence (with 110, as XEP-0045 §7.14 requires) is collected, while"
                    + " the connection's presence listener still has to call the synchronized userHasLeft(); the"
                    + " test then calls the synchronized join() at once, which holds the MultiUserChat's monitor"
                    + " while it waits for a presence that the reader thread, blocked behind that listener, never"
                    + " hands over: the join times out in about one run in three on this machine. Known upstream,"
                    + " igniterealtime/Smack pull requests 650 and 665 (open). The §7.14 behaviour it checks is"
                    + " covered by dev.parley.server.room.EnteringOrderTest (raw stanzas) and by the leave() calls of every other MUC test here.",
            "ModularXmppClientToServerConnectionLowLevelIntegrationTest.testDisconnectAfterConnect",
            "a lost read in Smack 4.5.0-beta5's modular TCP transport (XmppTcpTransportModule on SmackReactor), not a"
                    + " server fault: connecting it 100 times in a row to a node stalls 5 to 9 connections after"
                    + " <proceed/> (\"waiting for TLS handshake to finish\" or \"for stream features after TLS"
                    + " established\"), with the server's first TLS flight unread in the client's socket (ss: Recv-Q"
                    + " 1,027-1,028 bytes on the client's side, 0 on the node's) and both reactor threads idle in"
                    + " select(), so the connection's selection key was left without read interest (SmackReactor clears a"
                    + " selected key's interest ops until the transport's callback sets them again, and that callback"
                    + " returns without setting them when it cannot take its lock)."
                    + " After such a stall Smack's later connections fail with SmackStateGraphDeadEndException. The same"
                    + " happens at f52c284 (before the footprint work) and with TLS 1.2 forced; seen once in CI on"
                    + " 2026-12-02. STARTTLS, features after TLS and closing are covered by"
                    + " dev.parley.server.ClientConnectionTest and StreamHardeningTest (raw sockets), and every other test"
                    + " of this suite connects over STARTTLS with Smack's XMPPTCPConnection.");

    /**
     * Tests of features Parley does not have, "SimpleClassName.method" → why. Parley is a group-chat
     * server: its client connections carry what a MUC client needs (RFC 6120 streams, XEP-0198, XEP-0077,
     * private storage, ping, version, IQ and message routing between users) but it keeps no rosters
     * (RFC 6121 subscriptions answer feature-not-implemented, so presence reaches only rooms and directed
     * targets), has no PEP (XEP-0163) and no SOCKS5 bytestream proxy (XEP-0065).
     */
    static final Map<String, String> WITHOUT_FEATURE = withoutFeature();

    private static Map<String, String> withoutFeature() {
        String roster = "needs rosters and presence subscriptions (RFC 6121), which Parley does not keep: the roster"
                + " set is answered with feature-not-implemented and no subscription is ever approved";
        String capsOverRoster = "XEP-0115 checked through presence that reaches the other user by subscription (RFC 6121),"
                + " which Parley does not keep: the test waits for a presence broadcast that never comes";
        String pep = "needs PEP (XEP-0163) and presence subscriptions (RFC 6121), neither of which Parley has";
        String iot = "XEP-0323/0325 between two users who must first approve each other's presence subscription"
                + " (RFC 6121), which Parley does not keep";
        Map<String, String> m = new java.util.TreeMap<>();
        for (String t : List.of("subscribeRequestListenerTest", "testCurrentPresenceSentAfterSubscriptionApproval",
                "testPresenceApprovalStampedAndDelivered", "testPresenceApprovalYieldsRosterPush", "testPresenceApprovalYieldsRosterPush2",
                "testPresenceDeliveredToRecipient", "testRosterPushAfterSubscriptionRequest")) {
            m.put("RosterIntegrationTest." + t, roster);
        }
        m.put("LowLevelRosterIntegrationTest.testPresenceEventListenersOffline", roster);
        for (String t : List.of("testCapsChanged", "testEntityCaps", "testLocalEntityCaps", "testPreventDiscoInfo")) {
            m.put("EntityCapsTest." + t, capsOverRoster);
        }
        m.put("SoftwareInfoIntegrationTest.test", "XEP-0232 published in caps-advertised disco#info, seen by a user"
                + " subscribed to the publisher's presence (RFC 6121), which Parley does not keep");
        for (String c : List.of("MoodIntegrationTest", "UserTuneIntegrationTest", "GeolocationIntegrationTest")) {
            m.put(c + ".testNotification", pep);
            m.put(c + ".testNotificationAfterFilterChange", pep);
        }
        m.put("IoTControlIntegrationTest.controlTest", iot);
        m.put("IoTDataIntegrationTest.dataTest", iot);
        m.put("FileTransferIntegrationTest.fileTransferTest", "XEP-0065 bytestreams need a streamhost: Parley offers no"
                + " SOCKS5 proxy and Smack's local one is off, so the sender never opens the stream. The same"
                + " transfer over in-band bytestreams (XEP-0047, IQs routed between the users) runs: ibbFileTransferTest");
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Every test of the suite in {@link #PACKAGES}, as "SimpleClassName.method", except the excluded ones. */
    static List<String> enabledTests() throws Exception {
        Path jar = Path.of(SmackIntegrationTestFramework.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        TreeSet<String> tests = new TreeSet<>();
        try (JarFile j = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> e = j.entries(); e.hasMoreElements();) {
                String name = e.nextElement().getName();
                if (!name.endsWith(".class") || name.contains("$")) continue;
                String className = name.substring(0, name.length() - ".class".length()).replace('/', '.');
                if (PACKAGES.stream().noneMatch(p -> className.startsWith(p + "."))) continue;
                Class<?> c = Class.forName(className, false, SuiteSelection.class.getClassLoader());
                if (!AbstractSmackIntTest.class.isAssignableFrom(c) || Modifier.isAbstract(c.getModifiers())) continue;
                for (Method m : c.getMethods()) {
                    if (m.isAnnotationPresent(SmackIntegrationTest.class)) tests.add(c.getSimpleName() + "." + m.getName());
                }
            }
        }
        List<String> enabled = new ArrayList<>(tests);
        enabled.removeAll(EXCLUDED.keySet());
        enabled.removeAll(WITHOUT_FEATURE.keySet());
        return enabled;
    }
}
