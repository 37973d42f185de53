package dev.parley.protocol.xdata;

import dev.parley.protocol.jid.Jid;
import dev.parley.protocol.jid.JidFormatException;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a submitted form against the form that was offered (XEP-0004 §3.2, §3.3): the types, the
 * required fields, single-valued fields holding one value, list values taken from the options, JIDs
 * that parse, and the same FORM_TYPE. Fields the offered form does not have are ignored.
 */
public final class FormValidation {
    private FormValidation() {}

    /** The problems found, each a sentence for the error's {@code <text/>}; empty when the submission is valid. */
    public static List<String> validate(DataForm offered, DataForm submitted) {
        List<String> problems = new ArrayList<>();
        if (submitted.type() != DataForm.Type.SUBMIT) {
            problems.add("the form must be of type 'submit'");
            return problems;
        }
        String expectedType = offered.formType();
        String formType = submitted.formType();
        if (expectedType != null && formType != null && !expectedType.equals(formType)) {
            problems.add("FORM_TYPE must be " + expectedType);
        }
        for (FormField template : offered.fields()) {
            if (template.var() == null || template.type() == FormField.Type.FIXED || FormField.Type.HIDDEN == template.type()) continue;
            FormField given = submitted.field(template.var());
            List<String> values = given == null ? List.of() : given.values();
            if (template.required() && (values.isEmpty() || values.stream().allMatch(String::isEmpty) && template.effectiveType() != FormField.Type.TEXT_MULTI)) {
                problems.add("field '" + template.var() + "' is required");
                continue;
            }
            if (given == null) continue;
            checkValues(template, values, problems);
        }
        return problems;
    }

    private static void checkValues(FormField template, List<String> values, List<String> problems) {
        FormField.Type type = template.effectiveType();
        String var = template.var();
        if (type.isSingleValued() && values.size() > 1) {
            problems.add("field '" + var + "' takes one value");
            return;
        }
        for (String v : values) {
            switch (type) {
                case BOOLEAN -> {
                    if (FormField.parseBoolean(v) == null) problems.add("field '" + var + "' must be a boolean (0, 1, false, true)");
                }
                case JID_SINGLE, JID_MULTI -> {
                    if (v.isEmpty() && type == FormField.Type.JID_SINGLE) continue;
                    try {
                        Jid.of(v.trim());
                    } catch (JidFormatException e) {
                        problems.add("field '" + var + "': '" + v + "' is not a valid JID");
                    }
                }
                case LIST_SINGLE, LIST_MULTI -> {
                    if (!template.options().isEmpty() && template.options().stream().noneMatch(o -> v.equals(o.value()))) {
                        problems.add("field '" + var + "': '" + v + "' is not one of the options");
                    }
                }
                default -> {}
            }
        }
    }
}
