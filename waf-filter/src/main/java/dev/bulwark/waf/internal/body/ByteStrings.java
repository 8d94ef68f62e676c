package dev.bulwark.waf.internal.body;

import java.nio.charset.StandardCharsets;

/** Small helpers for byte strings (one char per byte) shared by the body parsers. */
final class ByteStrings {

    /** Excerpts of request data placed in error messages are cut to this many bytes. */
    static final int MAX_EXCERPT = 64;

    private ByteStrings() {}

    /** Bytes as a byte string, one char per byte (ISO-8859-1). */
    static String of(byte[] bytes, int offset, int length) {
        return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }

    /**
     * A Unicode string (as produced by an XML parser) as the byte string of its UTF-8 encoding. Returns the same
     * instance when it is pure ASCII.
     */
    static String utf8(String unicode) {
        int n = unicode.length();
        for (int i = 0; i < n; i++) {
            if (unicode.charAt(i) >= 0x80) {
                return new String(unicode.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            }
        }
        return unicode;
    }

    /** Appends the UTF-8 encoding of a code point, one char per byte. */
    static void appendUtf8(StringBuilder out, int codePoint) {
        if (codePoint < 0x80) {
            out.append((char) codePoint);
        } else if (codePoint < 0x800) {
            out.append((char) (0xC0 | (codePoint >> 6)));
            out.append((char) (0x80 | (codePoint & 0x3F)));
        } else if (codePoint < 0x10000) {
            out.append((char) (0xE0 | (codePoint >> 12)));
            out.append((char) (0x80 | ((codePoint >> 6) & 0x3F)));
            out.append((char) (0x80 | (codePoint & 0x3F)));
        } else {
            out.append((char) (0xF0 | (codePoint >> 18)));
            out.append((char) (0x80 | ((codePoint >> 12) & 0x3F)));
            out.append((char) (0x80 | ((codePoint >> 6) & 0x3F)));
            out.append((char) (0x80 | (codePoint & 0x3F)));
        }
    }

    /**
     * Request data made safe for an error message: printable ASCII kept, everything else (and backslash) as
     * {@code \xHH}, cut to {@link #MAX_EXCERPT} bytes with a trailing "..." when longer.
     */
    static String escape(byte[] data, int offset, int length) {
        StringBuilder out = new StringBuilder(Math.min(length, MAX_EXCERPT) + 8);
        int end = offset + Math.min(length, MAX_EXCERPT);
        for (int i = offset; i < end; i++) {
            appendEscaped(out, data[i] & 0xFF);
        }
        if (length > MAX_EXCERPT) {
            out.append("...");
        }
        return out.toString();
    }

    /** Same as {@link #escape(byte[], int, int)} for a byte string (chars above 0xFF are escaped as \\uHHHH). */
    static String escape(String data) {
        StringBuilder out = new StringBuilder(Math.min(data.length(), MAX_EXCERPT) + 8);
        int end = Math.min(data.length(), MAX_EXCERPT);
        for (int i = 0; i < end; i++) {
            char c = data.charAt(i);
            if (c > 0xFF) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                appendEscaped(out, c);
            }
        }
        if (data.length() > MAX_EXCERPT) {
            out.append("...");
        }
        return out.toString();
    }

    /** One byte for a message: {@code 'x'} when printable ASCII, else {@code 0xHH}. */
    static String describeByte(int b) {
        if (b >= 0x21 && b <= 0x7E && b != '\'') {
            return "'" + (char) b + "'";
        }
        return String.format("0x%02x", b);
    }

    private static void appendEscaped(StringBuilder out, int b) {
        if (b >= 0x20 && b <= 0x7E && b != '\\') {
            out.append((char) b);
        } else {
            out.append(String.format("\\x%02x", b));
        }
    }
}
