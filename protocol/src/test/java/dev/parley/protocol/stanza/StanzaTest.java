package dev.parley.protocol.stanza;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.corpus.XepExamples;
import dev.parley.protocol.jid.Jid;
import dev.parley.protocol.stanza.StanzaError.Condition;
import dev.parley.protocol.stanza.StanzaError.Type;
import dev.parley.protocol.xml.Element;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StanzaTest {
    static Element parse(String xml) {
        return XepExamples.parse(xml).get(0);
    }

    @Test
    void typedViews() {
        Stanza m = Stanza.from(parse("<message from='a@b/c' to='room@muc.b' type='groupchat' id='1' xml:lang='en'><body>hi</body><subject>s</subject><thread>t</thread></message>"));
        assertThat(m).isInstanceOf(Message.class);
        Message msg = (Message) m;
        assertThat(msg.type()).isEqualTo(Message.Type.GROUPCHAT);
        assertThat(msg.body()).isEqualTo("hi");
        assertThat(msg.subject()).isEqualTo("s");
        assertThat(msg.thread()).isEqualTo("t");
        assertThat(msg.from()).isEqualTo(Jid.of("a@b/c"));
        assertThat(msg.to()).isEqualTo(Jid.of("room@muc.b"));
        assertThat(msg.id()).isEqualTo("1");
        assertThat(msg.lang()).isEqualTo("en");

        Presence p = (Presence) Stanza.from(parse("<presence><show>dnd</show><status>busy</status><priority>5</priority></presence>"));
        assertThat(p.type()).isEqualTo(Presence.Type.AVAILABLE);
        assertThat(p.show()).isEqualTo(Presence.Show.DND);
        assertThat(p.status()).isEqualTo("busy");
        assertThat(p.priority()).isEqualTo(5);

        Iq iq = (Iq) Stanza.from(parse("<iq type='get' id='q'><query xmlns='jabber:iq:version'/></iq>"));
        assertThat(iq.type()).isEqualTo(Iq.Type.GET);
        assertThat(iq.isValidRequest()).isTrue();
        assertThat(iq.payload().namespace()).isEqualTo("jabber:iq:version");
        assertThat(Stanza.from(Element.of("starttls", "urn:ietf:params:xml:ns:xmpp-tls"))).isNull();
    }

    @Test
    void undefinedTypes_RFC6121() {
        // RFC 6121 §5.2.2: a missing or unknown message type is "normal"
        assertThat(((Message) Stanza.from(parse("<message type='bogus'/>"))).type()).isEqualTo(Message.Type.NORMAL);
        assertThat(((Message) Stanza.from(parse("<message/>"))).type()).isEqualTo(Message.Type.NORMAL);
        // presence and IQ types must be defined: null means "answer bad-request"
        assertThat(((Presence) Stanza.from(parse("<presence type='bogus'/>"))).type()).isNull();
        assertThat(((Iq) Stanza.from(parse("<iq type='bogus' id='1'/>"))).type()).isNull();
        assertThat(((Presence) Stanza.from(parse("<presence><show>sleepy</show></presence>"))).show()).isNull();
        assertThat(((Presence) Stanza.from(parse("<presence><priority>999</priority></presence>"))).priority()).isZero();
    }

    @Test
    void iqRequestsHaveExactlyOneChild_8_2_3() {
        assertThat(((Iq) Stanza.from(parse("<iq type='get' id='1'/>"))).isValidRequest()).isFalse();
        assertThat(((Iq) Stanza.from(parse("<iq type='get' id='1'><a xmlns='urn:a'/><b xmlns='urn:b'/></iq>"))).isValidRequest()).isFalse();
        assertThat(((Iq) Stanza.from(parse("<iq type='get'><a xmlns='urn:a'/></iq>"))).isValidRequest()).isFalse();
        assertThat(((Iq) Stanza.from(parse("<iq type='result' id='1'/>"))).isValidRequest()).isFalse();
    }

    @Test
    void resultAndErrorRepliesSwapAddresses_8_3_1() {
        Iq get = (Iq) Stanza.from(parse("<iq from='a@b/c' to='muc.b' type='get' id='v1'><query xmlns='jabber:iq:version'/></iq>"));
        Iq result = get.result(Element.of("query", "jabber:iq:version"));
        assertThat(result.fromAttribute()).isEqualTo("muc.b");
        assertThat(result.toAttribute()).isEqualTo("a@b/c");
        assertThat(result.id()).isEqualTo("v1");
        assertThat(result.type()).isEqualTo(Iq.Type.RESULT);

        Iq error = get.errorReply(StanzaError.of(Condition.SERVICE_UNAVAILABLE));
        assertThat(error.type()).isEqualTo(Iq.Type.ERROR);
        assertThat(error.toAttribute()).isEqualTo("a@b/c");
        assertThat(error.payload().namespace()).isEqualTo("jabber:iq:version");
        assertThat(error.error().condition()).isEqualTo(Condition.SERVICE_UNAVAILABLE);
        assertThat(error.error().type()).isEqualTo(Type.CANCEL);
        assertThat(error.element().toString()).contains("<error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>");
    }

    /** The types RFC 6120 §8.3.3 gives each condition in its examples. */
    @Test
    void everyConditionHasTheRfcDefaultType_8_3_3() {
        Map<Condition, Type> expected = new EnumMap<>(Condition.class);
        expected.put(Condition.BAD_REQUEST, Type.MODIFY);
        expected.put(Condition.CONFLICT, Type.CANCEL);
        expected.put(Condition.FEATURE_NOT_IMPLEMENTED, Type.CANCEL);
        expected.put(Condition.FORBIDDEN, Type.AUTH);
        expected.put(Condition.GONE, Type.CANCEL);
        expected.put(Condition.INTERNAL_SERVER_ERROR, Type.CANCEL);
        expected.put(Condition.ITEM_NOT_FOUND, Type.CANCEL);
        expected.put(Condition.JID_MALFORMED, Type.MODIFY);
        expected.put(Condition.NOT_ACCEPTABLE, Type.MODIFY);
        expected.put(Condition.NOT_ALLOWED, Type.CANCEL);
        expected.put(Condition.NOT_AUTHORIZED, Type.AUTH);
        expected.put(Condition.POLICY_VIOLATION, Type.MODIFY);
        expected.put(Condition.RECIPIENT_UNAVAILABLE, Type.WAIT);
        expected.put(Condition.REDIRECT, Type.MODIFY);
        expected.put(Condition.REGISTRATION_REQUIRED, Type.AUTH);
        expected.put(Condition.REMOTE_SERVER_NOT_FOUND, Type.CANCEL);
        expected.put(Condition.REMOTE_SERVER_TIMEOUT, Type.WAIT);
        expected.put(Condition.RESOURCE_CONSTRAINT, Type.WAIT);
        expected.put(Condition.SERVICE_UNAVAILABLE, Type.CANCEL);
        expected.put(Condition.SUBSCRIPTION_REQUIRED, Type.AUTH);
        expected.put(Condition.UNDEFINED_CONDITION, Type.CANCEL);
        expected.put(Condition.UNEXPECTED_REQUEST, Type.WAIT);
        assertThat(expected).hasSize(Condition.values().length);
        for (Condition c : Condition.values()) {
            assertThat(c.defaultType()).as(c.elementName()).isEqualTo(expected.get(c));
            StanzaError e = StanzaError.of(c, "why");
            assertThat(StanzaError.fromElement(e.toElement())).isEqualTo(e);
        }
    }

    @Test
    void errorWithByGoneAddressAndApplicationCondition() {
        Element app = Element.of("too-many-stanzas", "urn:example");
        StanzaError e = new StanzaError(Type.CANCEL, Condition.GONE, "moved", "room@muc.b", "xmpp:new@muc.b?join", app);
        StanzaError back = StanzaError.fromElement(e.toElement());
        assertThat(back).isEqualTo(e);
        assertThat(e.toElement().toString()).contains("<gone xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>xmpp:new@muc.b?join</gone>");
        assertThat(StanzaError.fromElement(Element.builder("error", "jabber:client").attribute("type", "wait").build()).condition())
                .isEqualTo(Condition.UNDEFINED_CONDITION);
    }

    @Test
    void addressesAreStampedOnCopies() {
        Message m = (Message) Stanza.from(parse("<message to='room@muc.b' type='groupchat'><body>x</body></message>"));
        Message stamped = m.withFrom(Jid.of("a@b/c"));
        assertThat(stamped.fromAttribute()).isEqualTo("a@b/c");
        assertThat(m.fromAttribute()).isNull();
        assertThat(stamped.withTo(null).toAttribute()).isNull();
    }
}
