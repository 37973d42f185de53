package dev.parley.protocol.xdata;

import dev.parley.protocol.xml.Element;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A data form (XEP-0004): {@code <x xmlns='jabber:x:data' type='form|submit|cancel|result'>} with title,
 * instructions, fields, and for results a reported header and items. The MUC configuration form
 * (muc#roomconfig), room info (muc#roominfo), registration (muc#register) and voice requests
 * (muc#request) are all data forms, told apart by their hidden {@code FORM_TYPE} field (XEP-0068).
 */
public record DataForm(Type type, String title, List<String> instructions, List<FormField> fields, List<FormField> reported, List<List<FormField>> items) {
    public static final String ELEMENT = "x";
    public static final String NAMESPACE = "jabber:x:data";
    public static final String FORM_TYPE = "FORM_TYPE";

    public DataForm {
        instructions = List.copyOf(instructions);
        fields = List.copyOf(fields);
        reported = List.copyOf(reported);
        items = items.stream().map(List::copyOf).toList();
    }

    /** The form types of XEP-0004 §3.1. */
    public enum Type {
        FORM, SUBMIT, CANCEL, RESULT;
        /** The value as XML writes it: made once, not for every stanza read or written. */
        private final String lower = name().toLowerCase(Locale.ROOT);
        private static final Type[] VALUES = values();

        public String value() {
            return lower;
        }

        public static Type fromValue(String v) {
            if (v != null) for (Type t : VALUES) if (t.value().equals(v)) return t;
            return null;
        }
    }

    public static DataForm of(Type type, List<FormField> fields) {
        return new DataForm(type, null, List.of(), fields, List.of(), List.of());
    }

    /** A form of {@code type} whose first field is the hidden FORM_TYPE. */
    public static DataForm withFormType(Type type, String formType, List<FormField> fields) {
        List<FormField> all = new ArrayList<>(fields.size() + 1);
        all.add(FormField.hidden(FORM_TYPE, formType));
        all.addAll(fields);
        return of(type, all);
    }

    /** Reads a form; null when {@code e} is not one or its type is missing or unknown. */
    public static DataForm from(Element e) {
        if (e == null || !e.is(ELEMENT, NAMESPACE)) return null;
        Type type = Type.fromValue(e.attribute("type"));
        if (type == null) return null;
        List<String> instructions = new ArrayList<>();
        List<FormField> fields = new ArrayList<>();
        List<FormField> reported = new ArrayList<>();
        List<List<FormField>> items = new ArrayList<>();
        for (Element c : e.elements()) {
            if (!c.namespace().equals(NAMESPACE)) continue;
            switch (c.name()) {
                case "instructions" -> instructions.add(c.text());
                case FormField.ELEMENT -> fields.add(FormField.from(c));
                case "reported" -> c.children(FormField.ELEMENT, NAMESPACE).forEach(f -> reported.add(FormField.from(f)));
                case "item" -> items.add(c.children(FormField.ELEMENT, NAMESPACE).stream().map(FormField::from).toList());
                default -> {}
            }
        }
        return new DataForm(type, e.childText("title", NAMESPACE), instructions, fields, reported, items);
    }

    /** Finds the first data form among {@code parent}'s children, of any type. */
    public static DataForm findIn(Element parent) {
        return parent == null ? null : from(parent.child(ELEMENT, NAMESPACE));
    }

    /** The value of the hidden FORM_TYPE field, or null. */
    public String formType() {
        FormField f = field(FORM_TYPE);
        return f == null ? null : f.value();
    }

    public FormField field(String var) {
        for (FormField f : fields) if (var.equals(f.var())) return f;
        return null;
    }

    /** The first value of field {@code var}, or null when the field is absent or empty. */
    public String value(String var) {
        FormField f = field(var);
        return f == null ? null : f.value();
    }

    public List<String> values(String var) {
        FormField f = field(var);
        return f == null ? List.of() : f.values();
    }

    /** The boolean value of field {@code var}, or null when absent or not a boolean. */
    public Boolean booleanValue(String var) {
        FormField f = field(var);
        return f == null ? null : f.booleanValue();
    }

    /** The form filled in as a submission: same fields and values, without labels and options. */
    public DataForm asSubmission() {
        return new DataForm(Type.SUBMIT, null, List.of(),
                fields.stream().filter(f -> f.type() != FormField.Type.FIXED).map(FormField::asSubmitted).toList(), List.of(), List.of());
    }

    /** A copy with field {@code var} replaced (or appended when absent). */
    public DataForm withField(FormField field) {
        List<FormField> copy = new ArrayList<>(fields);
        boolean replaced = false;
        for (int i = 0; i < copy.size(); i++) {
            if (field.var() != null && field.var().equals(copy.get(i).var())) {
                copy.set(i, field);
                replaced = true;
                break;
            }
        }
        if (!replaced) copy.add(field);
        return new DataForm(type, title, instructions, copy, reported, items);
    }

    public DataForm withTitle(String newTitle) {
        return new DataForm(type, newTitle, instructions, fields, reported, items);
    }

    public DataForm withInstructions(String... newInstructions) {
        return new DataForm(type, title, List.of(newInstructions), fields, reported, items);
    }

    public Element toElement() {
        Element.Builder b = Element.builder(ELEMENT, NAMESPACE).attribute("type", type.value());
        b.textChild("title", title);
        for (String i : instructions) b.textChild("instructions", i);
        for (FormField f : fields) b.add(f.toElement());
        if (!reported.isEmpty()) {
            Element.Builder r = Element.builder("reported", NAMESPACE);
            for (FormField f : reported) r.add(f.toElement());
            b.add(r.build());
        }
        for (List<FormField> item : items) {
            Element.Builder i = Element.builder("item", NAMESPACE);
            for (FormField f : item) i.add(f.toElement());
            b.add(i.build());
        }
        return b.build();
    }
}
