package dev.parley.protocol.xdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DataFormTest {
    static final DataForm OFFERED = DataForm.withFormType(DataForm.Type.FORM, "http://jabber.org/protocol/muc#roomconfig", List.of(
            FormField.of("muc#roomconfig_roomname", FormField.Type.TEXT_SINGLE).withLabel("Room name"),
            FormField.bool("muc#roomconfig_persistentroom", false),
            FormField.of("muc#roomconfig_maxusers", FormField.Type.LIST_SINGLE, "20")
                    .withOptions(List.of(new FormField.Option("10", "10"), new FormField.Option("20", "20"), new FormField.Option("None", "none"))),
            FormField.of("muc#roomconfig_roomadmins", FormField.Type.JID_MULTI),
            FormField.of("muc#roomconfig_roomsecret", FormField.Type.TEXT_PRIVATE).asRequired(),
            FormField.of(null, FormField.Type.FIXED, "A note")));

    static DataForm submit(FormField... fields) {
        return DataForm.withFormType(DataForm.Type.SUBMIT, "http://jabber.org/protocol/muc#roomconfig", List.of(fields));
    }

    @Test
    void aValidSubmission() {
        DataForm s = submit(FormField.of("muc#roomconfig_roomname", null, "Cave"),
                FormField.of("muc#roomconfig_persistentroom", null, "true"),
                FormField.of("muc#roomconfig_maxusers", null, "none"),
                FormField.of("muc#roomconfig_roomadmins", null, "a@b.c", "d@e.f"),
                FormField.of("muc#roomconfig_roomsecret", null, "s3cret"));
        assertThat(FormValidation.validate(OFFERED, s)).isEmpty();
        assertThat(s.booleanValue("muc#roomconfig_persistentroom")).isTrue();
    }

    @Test
    void invalidSubmissionsAreExplained_XEP0004_3_3() {
        DataForm s = submit(FormField.of("muc#roomconfig_persistentroom", null, "maybe"),
                FormField.of("muc#roomconfig_maxusers", null, "7"),
                FormField.of("muc#roomconfig_roomadmins", null, "not a jid@"),
                FormField.of("muc#roomconfig_roomname", null, "a", "b"));
        assertThat(FormValidation.validate(OFFERED, s)).containsExactlyInAnyOrder(
                "field 'muc#roomconfig_roomname' takes one value",
                "field 'muc#roomconfig_persistentroom' must be a boolean (0, 1, false, true)",
                "field 'muc#roomconfig_maxusers': '7' is not one of the options",
                "field 'muc#roomconfig_roomadmins': 'not a jid@' is not a valid JID",
                "field 'muc#roomconfig_roomsecret' is required");
        DataForm wrongType = DataForm.withFormType(DataForm.Type.SUBMIT, "urn:other", List.of(FormField.of("muc#roomconfig_roomsecret", null, "x")));
        assertThat(FormValidation.validate(OFFERED, wrongType)).containsExactly("FORM_TYPE must be http://jabber.org/protocol/muc#roomconfig");
        assertThat(FormValidation.validate(OFFERED, DataForm.of(DataForm.Type.CANCEL, List.of()))).isNotEmpty();
    }

    @Test
    void asSubmissionKeepsValuesOnly() {
        DataForm s = OFFERED.withField(FormField.of("muc#roomconfig_roomsecret", FormField.Type.TEXT_PRIVATE, "pw").asRequired()).asSubmission();
        assertThat(s.type()).isEqualTo(DataForm.Type.SUBMIT);
        assertThat(s.fields()).noneMatch(f -> f.type() == FormField.Type.FIXED);
        assertThat(s.field("muc#roomconfig_maxusers").options()).isEmpty();
        assertThat(s.field("muc#roomconfig_maxusers").label()).isNull();
        assertThat(s.field(DataForm.FORM_TYPE).type()).isEqualTo(FormField.Type.HIDDEN);
        assertThat(FormValidation.validate(OFFERED, s)).isEmpty();
        assertThat(DataForm.from(s.toElement())).isEqualTo(s);
    }

    @Test
    void resultWithReportedAndItems() {
        DataForm r = new DataForm(DataForm.Type.RESULT, "Rooms", List.of(), List.of(),
                List.of(FormField.of("name", FormField.Type.TEXT_SINGLE).withLabel("Name")),
                List.of(List.of(FormField.of("name", null, "coven")), List.of(FormField.of("name", null, "chapel"))));
        assertThat(DataForm.from(r.toElement())).isEqualTo(r);
        assertThat(FormField.parseBoolean(" TRUE ")).isTrue();
        assertThat(FormField.of("x", null).effectiveType()).isEqualTo(FormField.Type.TEXT_SINGLE);
    }
}
