package dev.parley.protocol.corpus;

import dev.parley.protocol.stream.StreamEvent;
import dev.parley.protocol.stream.StreamParser;
import dev.parley.protocol.xml.Element;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The XML examples of the XEPs (test resources {@code xep-examples/}), parsed as client-stream content. */
public final class XepExamples {
    public static final String[] XEPS = {"0045", "0030", "0004", "0059", "0128", "0203", "0359", "0249", "0307", "0198", "0199", "0421"};
    public static final String STREAM_HEADER = "<stream:stream xmlns='jabber:client' "
            + "xmlns:stream='http://etherx.jabber.org/streams' version='1.0' to='shakespeare.lit'>";

    /** One example: its title, its text, and the elements it holds (empty when it is not parsable XML). */
    public record Example(String title, String xml, List<Element> elements) {
        @Override
        public String toString() {
            return title;
        }
    }

    private XepExamples() {}

    public static List<Example> all() {
        List<Example> out = new ArrayList<>();
        for (String xep : XEPS) out.addAll(of(xep));
        return out;
    }

    public static List<Example> of(String xep) {
        String text = resource("/xep-examples/xep-" + xep + ".txt");
        List<Example> out = new ArrayList<>();
        String[] blocks = text.split("(?m)^=== ");
        for (String block : blocks) {
            if (block.isBlank()) continue;
            int nl = block.indexOf('\n');
            String title = block.substring(0, nl).trim();
            String xml = block.substring(nl + 1);
            out.add(new Example(title, xml, parse(xml)));
        }
        return out;
    }

    /** The elements of example {@code number} of XEP {@code xep} ("0045"). */
    public static List<Element> example(String xep, int number) {
        for (Example e : of(xep)) {
            if (e.title().startsWith("XEP-" + xep + " Example " + number + ".")) return e.elements();
        }
        throw new IllegalArgumentException("no example " + number + " in XEP-" + xep);
    }

    /** The first element of example {@code number} of XEP-0045. */
    public static Element muc(int number) {
        return example("0045", number).get(0);
    }

    /** The top-level elements of {@code xml} read as the content of a jabber:client stream; empty if it fails. */
    public static List<Element> parse(String xml) {
        List<Element> elements = new ArrayList<>();
        boolean[] failed = {false};
        new StreamParser().feed((STREAM_HEADER + xml).getBytes(StandardCharsets.UTF_8), e -> {
            if (e instanceof StreamEvent.ElementReceived r) elements.add(r.element());
            if (e instanceof StreamEvent.Failed) failed[0] = true;
        });
        return failed[0] ? List.of() : elements;
    }

    /** A whole stream made of every parsable example: a realistic corpus for split and mutation tests. */
    public static byte[] corpusStream() {
        StringBuilder sb = new StringBuilder("<?xml version='1.0'?>").append(STREAM_HEADER);
        for (Example e : all()) if (!e.elements().isEmpty()) sb.append(e.xml()).append('\n');
        return sb.append("</stream:stream>").toString().getBytes(StandardCharsets.UTF_8);
    }

    static String resource(String path) {
        try (InputStream in = XepExamples.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("missing test resource " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
