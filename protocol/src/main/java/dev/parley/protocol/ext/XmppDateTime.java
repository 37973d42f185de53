package dev.parley.protocol.ext;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * The date and time profiles of XEP-0082: DateTime {@code CCYY-MM-DDThh:mm:ss[.sss]TZD}, Date
 * {@code CCYY-MM-DD} and Time {@code hh:mm:ss[.sss][TZD]}. The time zone designator is {@code Z} or
 * {@code ±hh:mm}; fractions of any length are read. We always write UTC with {@code Z} (§3, "MUST be UTC"
 * for DateTime as produced by entities that can), with milliseconds only when they are not zero.
 */
public final class XmppDateTime {
    private static final DateTimeFormatter READ_DATE_TIME = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .appendOffset("+HH:MM", "Z")
            .toFormatter();
    private static final DateTimeFormatter READ_TIME = new DateTimeFormatterBuilder()
            .appendPattern("HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .toFormatter();

    private XmppDateTime() {}

    /** Parses a XEP-0082 DateTime; throws {@link IllegalArgumentException} when it is not one. */
    public static Instant parseDateTime(String s) {
        try {
            return READ_DATE_TIME.parse(s.trim(), java.time.OffsetDateTime::from).toInstant();
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("not a XEP-0082 DateTime: " + s, e);
        }
    }

    /** Parses a XEP-0082 Date. */
    public static LocalDate parseDate(String s) {
        try {
            return LocalDate.parse(s.trim(), DateTimeFormatter.ISO_LOCAL_DATE);
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("not a XEP-0082 Date: " + s, e);
        }
    }

    /** Parses a XEP-0082 Time; a missing zone designator reads as UTC. */
    public static OffsetTime parseTime(String s) {
        try {
            var parsed = READ_TIME.parse(s.trim());
            java.time.LocalTime local = java.time.LocalTime.from(parsed);
            ZoneOffset offset = parsed.isSupported(ChronoField.OFFSET_SECONDS) ? ZoneOffset.from(parsed) : ZoneOffset.UTC;
            return OffsetTime.of(local, offset);
        } catch (NullPointerException | java.time.DateTimeException e) {
            throw new IllegalArgumentException("not a XEP-0082 Time: " + s, e);
        }
    }

    /** Formats an instant as a UTC DateTime: {@code 2002-09-10T23:08:25Z} or {@code …25.123Z}. */
    public static String formatDateTime(Instant instant) {
        var t = instant.atOffset(ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(24);
        pad(sb, t.getYear(), 4).append('-');
        pad(sb, t.getMonthValue(), 2).append('-');
        pad(sb, t.getDayOfMonth(), 2).append('T');
        pad(sb, t.getHour(), 2).append(':');
        pad(sb, t.getMinute(), 2).append(':');
        pad(sb, t.getSecond(), 2);
        int millis = t.getNano() / 1_000_000;
        if (millis != 0) pad(sb.append('.'), millis, 3);
        return sb.append('Z').toString();
    }

    public static String formatDate(LocalDate date) {
        return date.format(DateTimeFormatter.ISO_LOCAL_DATE);
    }

    private static StringBuilder pad(StringBuilder sb, int v, int width) {
        String s = Integer.toString(v);
        for (int i = s.length(); i < width; i++) sb.append('0');
        return sb.append(s);
    }
}
