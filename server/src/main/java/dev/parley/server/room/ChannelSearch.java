package dev.parley.server.room;

import dev.parley.protocol.ext.ResultSet;
import dev.parley.protocol.stanza.Iq;
import dev.parley.protocol.stanza.StanzaError;
import dev.parley.protocol.xdata.DataForm;
import dev.parley.protocol.xdata.FormField;
import dev.parley.protocol.xml.Element;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finding public rooms by name, description, address and size (XEP-0433 extended channel search),
 * answered by the MUC service from its room directory: the search form (§4.2.1), a search (§4.2.2) with
 * its result items (§6.2) paged with XEP-0059, and the errors of §4.2.2.2–§4.2.2.7.
 */
final class ChannelSearch {
    static final String NAMESPACE = "urn:xmpp:channel-search:0:search";
    static final String FORM_TYPE = "urn:xmpp:channel-search:0:search-params";
    static final String ERRORS = "urn:xmpp:channel-search:0:error";
    static final String BY_USERS = "{urn:xmpp:channel-search:0:order}nusers";
    static final String BY_ADDRESS = "{urn:xmpp:channel-search:0:order}address";

    private ChannelSearch() {}

    /** The form with every field the service supports and its default (§5). */
    static DataForm form() {
        return DataForm.withFormType(DataForm.Type.FORM, FORM_TYPE, List.of(
                FormField.of("q", FormField.Type.TEXT_SINGLE).withLabel("Search for"),
                FormField.of("all", FormField.Type.BOOLEAN, "false").withLabel("Return all entries (ignore search terms)"),
                FormField.of("sinname", FormField.Type.BOOLEAN, "true").withLabel("Search in name"),
                FormField.of("sindescription", FormField.Type.BOOLEAN, "true").withLabel("Search in description"),
                FormField.of("sinaddr", FormField.Type.BOOLEAN, "true").withLabel("Search in address"),
                FormField.of("min_users", FormField.Type.TEXT_SINGLE, "1").withLabel("Minimum number of users"),
                FormField.of("types", FormField.Type.LIST_MULTI, "xep-0045").withLabel("Service types")
                        .withOptions(List.of(new FormField.Option("XEP-0045 Multi User Chats", "xep-0045"))),
                FormField.of("key", FormField.Type.LIST_SINGLE, BY_USERS).withLabel("Sort results by")
                        .withOptions(List.of(new FormField.Option("Number of online users", BY_USERS), new FormField.Option("Address", BY_ADDRESS)))));
    }

    /** The answer to a search IQ (get) to the service. */
    static Iq answer(Iq request, TreeMap<String, Listing> rooms) {
        Element search = request.payload();
        DataForm submitted;
        ResultSet rsm;
        try {
            submitted = DataForm.findIn(search);
            rsm = ResultSet.from(search.child(ResultSet.ELEMENT, ResultSet.NAMESPACE));
        } catch (IllegalArgumentException e) {
            return request.errorReply(StanzaError.of(StanzaError.Condition.BAD_REQUEST, e.getMessage()));
        }
        if (submitted == null) return request.result(Element.builder("search", NAMESPACE).add(form().toElement()).build()); // §4.2.1
        String key = submitted.value("key") == null ? BY_USERS : submitted.value("key");
        if (!key.equals(BY_USERS) && !key.equals(BY_ADDRESS)) {
            return request.errorReply(error(StanzaError.Type.MODIFY, StanzaError.Condition.FEATURE_NOT_IMPLEMENTED, null, "invalid-sort-key")); // §4.2.2.2
        }
        String q = submitted.value("q");
        boolean all = Boolean.TRUE.equals(submitted.booleanValue("all"));
        if (all && q != null && !q.isBlank()) {
            Element conflicting = Element.builder("conflicting-fields", ERRORS).textChild("var", "all").textChild("var", "q").build();
            return request.errorReply(new StanzaError(StanzaError.Type.CANCEL, StanzaError.Condition.NOT_ALLOWED,
                    "Cannot both return all results and search by keywords.", null, null, conflicting)); // §4.2.2.6, Example 10
        }
        if (!all && q == null) return request.errorReply(error(StanzaError.Type.MODIFY, StanzaError.Condition.BAD_REQUEST, null, "no-search-conditions")); // §4.2.2.7
        List<String> terms = new ArrayList<>();
        if (!all) {
            for (String t : q.toLowerCase(Locale.ROOT).split("\\s+")) if (!t.isBlank()) terms.add(t);
            if (terms.isEmpty()) {
                return request.errorReply(error(StanzaError.Type.MODIFY, StanzaError.Condition.BAD_REQUEST,
                        "Give at least one search term.", "invalid-search-terms")); // §4.2.2.3
            }
        }
        List<String> types = submitted.field("types") == null ? List.of("xep-0045") : submitted.values("types");
        int minUsers;
        try {
            minUsers = submitted.value("min_users") == null ? 0 : Integer.parseInt(submitted.value("min_users").trim());
        } catch (NumberFormatException e) {
            return request.errorReply(StanzaError.of(StanzaError.Condition.BAD_REQUEST, "min_users is a number"));
        }
        boolean inName = !Boolean.FALSE.equals(submitted.booleanValue("sinname"));
        boolean inDescription = !Boolean.FALSE.equals(submitted.booleanValue("sindescription"));
        boolean inAddress = !Boolean.FALSE.equals(submitted.booleanValue("sinaddr")) && !Boolean.FALSE.equals(submitted.booleanValue("sinaddress"));

        List<Map.Entry<String, Listing>> found = new ArrayList<>();
        if (types.contains("xep-0045")) { // §6.2: never a service type the searcher did not ask for
            for (Map.Entry<String, Listing> e : rooms.entrySet()) {
                Listing l = e.getValue();
                if (l.occupants() < minUsers) continue;
                if (all || matchesAll(terms, inName ? l.name() : null, inDescription ? l.description() : null, inAddress ? e.getKey() : null)) found.add(e);
            }
        }
        if (key.equals(BY_USERS)) {
            found.sort(Comparator.<Map.Entry<String, Listing>>comparingInt(e -> e.getValue().occupants()).reversed().thenComparing(Map.Entry::getKey));
        }
        RoomDirectory.Page page = RoomDirectory.Page.of(found, rsm);
        if (page == null) return request.errorReply(StanzaError.of(StanzaError.Condition.ITEM_NOT_FOUND, "no such item"));
        Element.Builder result = Element.builder("result", NAMESPACE); // §5: no results is an empty result, not an error
        for (Map.Entry<String, Listing> e : page.items()) result.add(item(e.getKey(), e.getValue()));
        if (page.response() != null) result.add(page.response().toElement());
        return request.result(result.build());
    }

    /** Every term is in one of the searched texts. */
    private static boolean matchesAll(List<String> terms, String... texts) {
        for (String t : terms) {
            boolean hit = false;
            for (String text : texts) {
                if (text != null && text.toLowerCase(Locale.ROOT).contains(t)) {
                    hit = true;
                    break;
                }
            }
            if (!hit) return false;
        }
        return true;
    }

    /** §6.2, Table 3. */
    private static Element item(String address, Listing l) {
        Element.Builder b = Element.builder("item", NAMESPACE).attribute("address", address).textChild("name", l.name());
        if (!l.description().isEmpty()) b.textChild("description", l.description());
        if (!l.language().isEmpty()) b.textChild("language", l.language());
        b.textChild("nusers", Integer.toString(l.occupants())).textChild("service-type", "xep-0045")
                .textChild("is-open", Boolean.toString(l.open()))
                .textChild("anonymity-mode", l.nonAnonymous() ? "{urn:xmpp:channel-search:0:anonymity}none" : "muc_semianonymous");
        return b.build();
    }

    private static StanzaError error(StanzaError.Type type, StanzaError.Condition condition, String text, String appCondition) {
        return new StanzaError(type, condition, text, null, null, Element.of(appCondition, ERRORS));
    }
}
