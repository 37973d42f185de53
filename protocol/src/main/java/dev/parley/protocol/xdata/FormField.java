package dev.parley.protocol.xdata;

import dev.parley.protocol.xml.Element;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One field of a data form (XEP-0004 §3.2).
 *
 * @param var the field's name, or null (only a fixed field may lack one)
 * @param type the field type, or null when the element has none (in a submitted form the type usually
 *     comes from the form that was offered; XEP-0004 §3.3 defaults it to text-single)
 * @param label optional label
 * @param desc optional description
 * @param required whether the form-submitting entity must fill it in
 * @param values the values, in order
 * @param options the options of a list-single or list-multi
 */
public record FormField(String var, Type type, String label, String desc, boolean required, List<String> values, List<Option> options) {
    public static final String ELEMENT = "field";

    public FormField {
        values = List.copyOf(values);
        options = List.copyOf(options);
    }

    /** The field types of XEP-0004 §3.3. */
    public enum Type {
        BOOLEAN("boolean"), FIXED("fixed"), HIDDEN("hidden"), JID_MULTI("jid-multi"), JID_SINGLE("jid-single"),
        LIST_MULTI("list-multi"), LIST_SINGLE("list-single"), TEXT_MULTI("text-multi"), TEXT_PRIVATE("text-private"),
        TEXT_SINGLE("text-single");

        private final String value;

        Type(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }

        public static Type fromValue(String v) {
            if (v != null) for (Type t : values()) if (t.value.equals(v)) return t;
            return null;
        }

        /** True for the types that carry at most one value. */
        public boolean isSingleValued() {
            return this != JID_MULTI && this != LIST_MULTI && this != TEXT_MULTI;
        }
    }

    /** An option of a list field: {@code <option label='…'><value>…</value></option>}. */
    public record Option(String label, String value) {}

    public static FormField of(String var, Type type, String... values) {
        return new FormField(var, type, null, null, false, List.of(values), List.of());
    }

    public static FormField hidden(String var, String value) {
        return of(var, Type.HIDDEN, value);
    }

    public static FormField bool(String var, boolean value) {
        return of(var, Type.BOOLEAN, value ? "1" : "0");
    }

    /** The type to use when the element does not say: text-single (XEP-0004 §3.3). */
    public Type effectiveType() {
        return type == null ? Type.TEXT_SINGLE : type;
    }

    /** The first value, or null. */
    public String value() {
        return values.isEmpty() ? null : values.get(0);
    }

    /** A boolean value: "1"/"true" are true, "0"/"false" false (XEP-0004 §3.3); null when absent or invalid. */
    public Boolean booleanValue() {
        return parseBoolean(value());
    }

    public static Boolean parseBoolean(String v) {
        if (v == null) return null;
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "1", "true" -> Boolean.TRUE;
            case "0", "false" -> Boolean.FALSE;
            default -> null;
        };
    }

    public FormField withValues(List<String> newValues) {
        return new FormField(var, type, label, desc, required, newValues, options);
    }

    public FormField withLabel(String newLabel) {
        return new FormField(var, type, newLabel, desc, required, values, options);
    }

    public FormField withOptions(List<Option> newOptions) {
        return new FormField(var, type, label, desc, required, values, newOptions);
    }

    public FormField asRequired() {
        return new FormField(var, type, label, desc, true, values, options);
    }

    public FormField withDesc(String newDesc) {
        return new FormField(var, type, label, newDesc, required, values, options);
    }

    static FormField from(Element e) {
        String ns = e.namespace();
        List<String> values = new ArrayList<>();
        List<Option> options = new ArrayList<>();
        for (Element c : e.elements()) {
            if (!c.namespace().equals(ns)) continue;
            switch (c.name()) {
                case "value" -> values.add(c.text());
                case "option" -> options.add(new Option(c.attribute("label"), c.childText("value", ns)));
                default -> {}
            }
        }
        return new FormField(e.attribute("var"), Type.fromValue(e.attribute("type")), e.attribute("label"),
                e.childText("desc", ns), e.child("required", ns) != null, values, options);
    }

    /** The field as it is: whatever the record holds is written (see {@link #asSubmitted()} to strip it). */
    Element toElement() {
        Element.Builder b = Element.builder(ELEMENT, DataForm.NAMESPACE)
                .attribute("label", label)
                .attribute("type", type == null ? null : type.value())
                .attribute("var", var);
        b.textChild("desc", desc);
        if (required) b.add(Element.of("required", DataForm.NAMESPACE));
        for (String v : values) b.add(Element.builder("value", DataForm.NAMESPACE).text(v).build());
        for (Option o : options) {
            b.add(Element.builder("option", DataForm.NAMESPACE).attribute("label", o.label())
                    .add(Element.builder("value", DataForm.NAMESPACE).text(o.value()).build()).build());
        }
        return b.build();
    }

    /** The field as a submitting entity sends it: var and values; the type only for hidden fields (XEP-0068). */
    public FormField asSubmitted() {
        return new FormField(var, type == Type.HIDDEN ? type : null, null, null, false, values, List.of());
    }
}
