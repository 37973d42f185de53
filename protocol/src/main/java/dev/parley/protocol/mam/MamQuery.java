package dev.parley.protocol.mam;

import dev.parley.protocol.ext.Delay;
import dev.parley.protocol.ext.ResultSet;
import dev.parley.protocol.ext.XmppDateTime;
import dev.parley.protocol.jid.Jid;
import dev.parley.protocol.jid.JidFormatException;
import dev.parley.protocol.stanza.StanzaError;
import dev.parley.protocol.xdata.DataForm;
import dev.parley.protocol.xdata.FormField;
import dev.parley.protocol.xml.Element;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A XEP-0313 (Message Archive Management, {@value #NAMESPACE}) query, as a client sends it: the filters of its
 * form (§4.1: start, end, with, and the extended before-id, after-id and ids), its XEP-0059 paging (§4.3) and
 * whether the page is flipped (§4.3.4). Also the elements an archive answers with: a result message (§4.2),
 * the closing {@code <fin/>} (§4), the form of supported fields (§4.1.5) and the metadata (§5).
 *
 * @param queryId the client's 'queryid', copied into each result; null when absent
 * @param start only messages at or after this time; null for no bound
 * @param end only messages at or before this time; null for no bound
 * @param with only messages of this publisher (§4.1.1); null for everyone
 * @param afterId only messages after this archive id (§4.1.3); null for no bound
 * @param beforeId only messages before this archive id (§4.1.3); null for no bound
 * @param ids only these archive ids (§4.1.3); empty for no such filter
 * @param rsm the paging request (max, after, before; {@code before} "" asks for the last page); never null
 * @param flipPage send the page newest first (§4.3.4)
 */
public record MamQuery(String queryId, Instant start, Instant end, Jid with, String afterId, String beforeId, List<String> ids, ResultSet rsm,
        boolean flipPage) {
    public static final String NAMESPACE = "urn:xmpp:mam:2";
    /** §7: before-id, after-id, ids, flipped pages and the metadata query. */
    public static final String EXTENDED = NAMESPACE + "#extended";
    public static final String FORWARD = "urn:xmpp:forward:0";
    private static final Set<String> FIELDS = Set.of(DataForm.FORM_TYPE, "start", "end", "with", "before-id", "after-id", "ids");

    public MamQuery {
        ids = List.copyOf(ids);
        if (rsm == null) rsm = ResultSet.request(null, null, null, null);
    }

    /** A query the archive cannot take: the stanza error to answer it with, and why. */
    public static final class Invalid extends RuntimeException {
        private final StanzaError.Condition condition;

        public Invalid(StanzaError.Condition condition, String text) {
            super(text, null, false, false);
            this.condition = condition;
        }

        public StanzaError.Condition condition() {
            return condition;
        }
    }

    /**
     * Reads {@code <query xmlns='urn:xmpp:mam:2'/>}.
     *
     * @throws Invalid bad-request for a malformed form, date, JID or paging request; feature-not-implemented for a
     *     field it does not know (§4.1.5) or paging by index
     */
    public static MamQuery from(Element query) {
        if (query == null || !query.is("query", NAMESPACE)) throw new Invalid(StanzaError.Condition.BAD_REQUEST, "not a MAM query");
        Instant start = null, end = null;
        Jid with = null;
        String afterId = null, beforeId = null;
        List<String> ids = List.of();
        Element x = query.child(DataForm.ELEMENT, DataForm.NAMESPACE);
        if (x != null) {
            DataForm form;
            try {
                form = DataForm.from(x);
            } catch (IllegalArgumentException e) {
                throw new Invalid(StanzaError.Condition.BAD_REQUEST, "the query's form is malformed: " + e.getMessage());
            }
            if (form.type() != DataForm.Type.SUBMIT) throw new Invalid(StanzaError.Condition.BAD_REQUEST, "the query's form is a submission");
            String formType = form.formType();
            if (formType != null && !NAMESPACE.equals(formType)) throw new Invalid(StanzaError.Condition.BAD_REQUEST, "FORM_TYPE is " + NAMESPACE);
            for (FormField f : form.fields()) {
                // §4.1.5: "If a client includes a form field that the server does not recognise, the server MUST respond
                // with a 'feature-not-implemented' error."
                if (!FIELDS.contains(f.var())) throw new Invalid(StanzaError.Condition.FEATURE_NOT_IMPLEMENTED, "unknown field " + f.var());
            }
            start = time(form.value("start"), "start");
            end = time(form.value("end"), "end");
            String w = blankToNull(form.value("with"));
            if (w != null) {
                try {
                    with = Jid.of(w);
                } catch (JidFormatException e) {
                    throw new Invalid(StanzaError.Condition.BAD_REQUEST, "'with' is not a JID: " + w);
                }
            }
            afterId = blankToNull(form.value("after-id"));
            beforeId = blankToNull(form.value("before-id"));
            ids = form.values("ids").stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        }
        ResultSet rsm;
        try {
            rsm = ResultSet.from(query.child(ResultSet.ELEMENT, ResultSet.NAMESPACE));
        } catch (IllegalArgumentException e) {
            throw new Invalid(StanzaError.Condition.BAD_REQUEST, e.getMessage());
        }
        if (rsm != null && rsm.index() != null) throw new Invalid(StanzaError.Condition.FEATURE_NOT_IMPLEMENTED, "paging by index is not supported; page by id");
        // §4.3.2: "RSM does not define the behaviour of including both <before> and <after> in the same request"
        if (rsm != null && rsm.after() != null && rsm.before() != null) {
            throw new Invalid(StanzaError.Condition.BAD_REQUEST, "give <before/> or <after/>, not both; before-id and after-id bound a range");
        }
        if (rsm != null && rsm.after() != null && rsm.after().isEmpty()) throw new Invalid(StanzaError.Condition.BAD_REQUEST, "an empty <after/>");
        boolean flip = query.child("flip-page", NAMESPACE) != null;
        return new MamQuery(query.attribute("queryid"), start, end, with, afterId, beforeId, ids, rsm, flip);
    }

    private static Instant time(String value, String field) {
        String v = blankToNull(value);
        if (v == null) return null;
        try {
            return XmppDateTime.parseDateTime(v.strip());
        } catch (RuntimeException e) {
            throw new Invalid(StanzaError.Condition.BAD_REQUEST, "'" + field + "' is not a XEP-0082 date and time: " + v);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** The paging request's limit, or {@code defaultMax}; never above {@code limit} (§4.3.1: a server may limit a page). */
    public int pageSize(int defaultMax, int limit) {
        Integer max = rsm.max();
        return Math.min(max == null ? defaultMax : max, limit);
    }

    /** Whether the page is counted backwards from the end (RSM {@code <before/>}, with or without an id). */
    public boolean backwards() {
        return rsm.before() != null;
    }

    /** §4.1.5, Example 15: the fields an archive takes. */
    public static Element fieldsForm() {
        FormField ids = FormField.of("ids", FormField.Type.LIST_MULTI);
        DataForm form = DataForm.withFormType(DataForm.Type.FORM, NAMESPACE, List.of(
                FormField.of("with", FormField.Type.JID_SINGLE), FormField.of("start", FormField.Type.TEXT_SINGLE),
                FormField.of("end", FormField.Type.TEXT_SINGLE), FormField.of("before-id", FormField.Type.TEXT_SINGLE),
                FormField.of("after-id", FormField.Type.TEXT_SINGLE), ids));
        Element x = form.toElement();
        // §4.1.5: the ids list is open to any value, said with a XEP-0122 <validate/> (the list is never offered)
        Element validate = Element.builder("validate", "http://jabber.org/protocol/xdata-validate").attribute("datatype", "xs:string")
                .add(Element.of("open", "http://jabber.org/protocol/xdata-validate")).build();
        List<dev.parley.protocol.xml.Node> children = new java.util.ArrayList<>();
        for (dev.parley.protocol.xml.Node n : x.children()) {
            if (n instanceof Element f && f.is("field", DataForm.NAMESPACE) && "ids".equals(f.attribute("var"))) children.add(f.withChild(validate));
            else children.add(n);
        }
        return Element.builder("query", NAMESPACE).add(x.withChildren(children)).build();
    }

    /**
     * §4.2: one archived message as a result, from the archive to the querying client: the message forwarded
     * (XEP-0297) with the time the archive received it (XEP-0203).
     */
    public static Element result(String from, String to, String queryId, String archiveId, Instant stamp, Element message) {
        Element forwarded = Element.builder("forwarded", FORWARD).add(new Delay(stamp, null, null).toElement()).add(message).build();
        Element result = Element.builder("result", NAMESPACE).attribute("queryid", queryId).attribute("id", archiveId).add(forwarded).build();
        return Element.builder("message", "jabber:client").attribute("from", from).attribute("to", to).add(result).build();
    }

    /** §4, §4.3.2: the end of the results; {@code complete} when nothing is left in the direction paged. */
    public static Element fin(boolean complete, ResultSet set) {
        return Element.builder("fin", NAMESPACE).attribute("complete", complete ? "true" : null).add(set.toElement()).build();
    }

    /** §5: the first and last archived message; both null for an empty archive (an empty element then). */
    public static Element metadata(String firstId, Instant firstStamp, String lastId, Instant lastStamp) {
        Element.Builder b = Element.builder("metadata", NAMESPACE);
        if (firstId != null) {
            b.add(Element.builder("start", NAMESPACE).attribute("id", firstId).attribute("timestamp", XmppDateTime.formatDateTime(firstStamp)).build());
            b.add(Element.builder("end", NAMESPACE).attribute("id", lastId).attribute("timestamp", XmppDateTime.formatDateTime(lastStamp)).build());
        }
        return b.build();
    }
}
