package dev.parley.loadtest;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * Cuts an XMPP stream's bytes into pieces at top-level boundaries (the stream header, each stanza or
 * nonza, the close), without parsing: it only follows tags, quotes and CDATA far enough to count depth.
 * The client looks at each piece: a groupchat message of ours is counted straight from its bytes; every
 * other piece goes on to the real parser, which thus still sees a well-formed stream. This is how one
 * generator thread keeps up with hundreds of thousands of deliveries per second.
 */
final class StanzaSplitter {
    interface Sink {
        /** Bytes {@code [off, off+len)} of {@code buf}: a complete top-level piece (only valid during the call). */
        void piece(byte[] buf, int off, int len, boolean element);
    }

    private byte[] buf = new byte[8192];
    private int len;
    private int scan;
    private int pieceStart;
    private int depth;
    private boolean inTag, endTag, pi, cdata, firstInTag;
    private byte quote;
    private byte prev;
    private final int maxPiece;

    StanzaSplitter(int maxPiece) {
        this.maxPiece = maxPiece;
    }

    /**
     * A new stream starts (after STARTTLS or SASL success): a new header is expected. Called at a piece's
     * end (from inside the sink, as the client reacts to {@code <success/>}), it keeps the bytes after it.
     */
    void restart() {
        depth = 0;
        inTag = cdata = false;
        quote = 0;
    }

    /** Appends the readable bytes of {@code in} and reports every piece now complete. */
    void feed(ByteBuf in, Sink sink) {
        int n = in.readableBytes();
        if (len + n > buf.length) {
            if (len + n > maxPiece + buf.length) throw new IllegalStateException("a stanza larger than " + maxPiece + " bytes");
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
        in.readBytes(buf, len, n);
        len += n;
        for (; scan < len; scan++) {
            byte b = buf[scan];
            if (cdata) {
                if (b == '>' && prev == ']' && scan >= 2 && buf[scan - 2] == ']') cdata = false;
            } else if (!inTag) {
                if (b == '<') {
                    inTag = true;
                    firstInTag = true;
                    endTag = pi = false;
                }
            } else if (firstInTag) {
                firstInTag = false;
                if (b == '/') endTag = true;
                else if (b == '?') pi = true;
                else if (b == '!') { // <![CDATA[ ... ]]> (comments are not allowed in XMPP)
                    inTag = false;
                    cdata = true;
                }
            } else if (quote != 0) {
                if (b == quote) quote = 0;
            } else if (b == '"' || b == '\'') {
                quote = b;
            } else if (b == '>') {
                inTag = false;
                boolean complete = false;
                boolean element = true;
                if (pi) {
                    // the XML declaration: part of the header piece
                } else if (endTag) {
                    depth--;
                    complete = depth <= 1; // a stanza ended (1), or the stream (0)
                    element = depth == 1;
                } else if (prev == '/') {
                    complete = depth == 1; // an empty top-level element
                } else {
                    depth++;
                    if (depth == 1) { // the stream header
                        complete = true;
                        element = false;
                    }
                }
                if (complete) {
                    sink.piece(buf, pieceStart, scan + 1 - pieceStart, element);
                    pieceStart = scan + 1;
                }
            }
            prev = b;
        }
        if (pieceStart > 0) { // keep only the incomplete piece
            System.arraycopy(buf, pieceStart, buf, 0, len - pieceStart);
            len -= pieceStart;
            scan -= pieceStart;
            pieceStart = 0;
        }
    }
}
