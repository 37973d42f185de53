package dev.parley.protocol.stream;

/**
 * Every limit the parser enforces, in one place. Breaking any of them is a {@code policy-violation}
 * stream error (RFC 6120 §4.9.3.14), and the parser's memory stays bounded by them: input is fed to the
 * XML reader in slices of {@link #SLICE_BYTES}, and the limits are checked between slices, so a 10 MB
 * attribute is refused after {@code maxElementBytes}, not after 10 MB are buffered.
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><th>limit</th><th>default</th><th>why</th></tr>
 *   <tr><td>maxElementBytes</td><td>262,144</td><td>bytes of one top-level element (stanza or nonza), its
 *       whitespace before it included; Prosody's c2s default; a MUC configuration form is ~10 KB</td></tr>
 *   <tr><td>maxHeaderBytes</td><td>8,192</td><td>bytes of XML declaration plus stream header</td></tr>
 *   <tr><td>maxDepth</td><td>64</td><td>element nesting inside a top-level element (it is depth 1)</td></tr>
 *   <tr><td>maxAttributes</td><td>64</td><td>attributes on one element</td></tr>
 *   <tr><td>maxNamespaceDeclarations</td><td>16</td><td>{@code xmlns} declarations on one element</td></tr>
 *   <tr><td>maxNameLength</td><td>256</td><td>characters of an element or attribute local name</td></tr>
 *   <tr><td>maxAttributeValueLength</td><td>65,536</td><td>characters of one attribute value</td></tr>
 *   <tr><td>maxTextLength</td><td>131,072</td><td>characters of one element's direct text</td></tr>
 * </table>
 */
public record XmlLimits(
        int maxElementBytes,
        int maxHeaderBytes,
        int maxDepth,
        int maxAttributes,
        int maxNamespaceDeclarations,
        int maxNameLength,
        int maxAttributeValueLength,
        int maxTextLength) {

    /** Bytes handed to the XML reader at a time; limits are checked in between. */
    public static final int SLICE_BYTES = 4096;

    public static final XmlLimits DEFAULTS = new XmlLimits(262_144, 8_192, 64, 64, 16, 256, 65_536, 131_072);

    public XmlLimits {
        if (maxElementBytes < 256 || maxHeaderBytes < 256 || maxDepth < 2 || maxAttributes < 4
                || maxNamespaceDeclarations < 2 || maxNameLength < 16 || maxAttributeValueLength < 64
                || maxTextLength < 64) {
            throw new IllegalArgumentException("XML limits too small to carry XMPP: " + this);
        }
    }

    public XmlLimits withMaxElementBytes(int bytes) {
        return new XmlLimits(bytes, maxHeaderBytes, maxDepth, maxAttributes, maxNamespaceDeclarations,
                maxNameLength, maxAttributeValueLength, maxTextLength);
    }
}
