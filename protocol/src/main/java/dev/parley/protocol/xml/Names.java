package dev.parley.protocol.xml;

/**
 * The check that an element or attribute local name is a valid XML name without a prefix (an NCName,
 * Namespaces in XML §3), so the writer can emit names without escaping them.
 */
final class Names {
    private Names() {}

    static void check(String name) {
        int n = name.length();
        if (n == 0) throw new IllegalArgumentException("empty XML name");
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'
                    || (i > 0 && ((c >= '0' && c <= '9') || c == '-' || c == '.'))
                    || (c >= 0xC0 && c != 0xD7 && c != 0xF7 && c < 0xFFFE && !Character.isSurrogate(c) || Character.isSurrogate(c))
                    || (i > 0 && c == 0xB7);
            if (!ok) throw new IllegalArgumentException("not an XML name: '" + name + "'");
        }
    }
}
