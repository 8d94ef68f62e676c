package dev.bulwark.waf.internal.audit;

/**
 * Writes JSON text into a {@link StringBuilder}, with no library. Strings are byte strings: {@code "}, {@code \},
 * control characters (0x00-0x1F, 0x7F) and every byte from 0x80 to 0xFF are escaped (byte 0xE9 as a backslash and
 * {@code u00e9}), so the output is pure ASCII and valid JSON whatever the bytes were, and a reader gets each byte back
 * as the char of the same value. (A char above 0xFF, which a byte string never holds, is written as the escapes of
 * its UTF-8 bytes.) Not thread-safe.
 *
 * <pre>{@code
 * new JsonWriter(out).beginObject().name("id").value("x").name("n").value(3).endObject();  // {"id":"x","n":3}
 * }</pre>
 */
final class JsonWriter {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out;
    /** A value was just written at this level: the next value or name needs a comma. */
    private boolean afterValue;

    JsonWriter(StringBuilder out) {
        this.out = out;
    }

    JsonWriter beginObject() {
        separate();
        out.append('{');
        afterValue = false;
        return this;
    }

    JsonWriter endObject() {
        out.append('}');
        afterValue = true;
        return this;
    }

    JsonWriter beginArray() {
        separate();
        out.append('[');
        afterValue = false;
        return this;
    }

    JsonWriter endArray() {
        out.append(']');
        afterValue = true;
        return this;
    }

    JsonWriter name(String name) {
        separate();
        appendString(out, name);
        out.append(':');
        afterValue = false;
        return this;
    }

    /** A string, or {@code null} when {@code value} is null. */
    JsonWriter value(String value) {
        separate();
        if (value == null) {
            out.append("null");
        } else {
            appendString(out, value);
        }
        afterValue = true;
        return this;
    }

    JsonWriter value(long value) {
        separate();
        out.append(value);
        afterValue = true;
        return this;
    }

    JsonWriter value(boolean value) {
        separate();
        out.append(value);
        afterValue = true;
        return this;
    }

    /** A number given as text; the caller guarantees it is a JSON number. */
    JsonWriter rawNumber(String number) {
        separate();
        out.append(number);
        afterValue = true;
        return this;
    }

    JsonWriter field(String name, String value) {
        return name(name).value(value);
    }

    JsonWriter field(String name, long value) {
        return name(name).value(value);
    }

    JsonWriter field(String name, boolean value) {
        return name(name).value(value);
    }

    private void separate() {
        if (afterValue) {
            out.append(',');
        }
    }

    /** Appends {@code s} as a quoted JSON string, escaped as described on the class. */
    static void appendString(StringBuilder out, String s) {
        out.append('"');
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                if (c == '"' || c == '\\') {
                    out.append('\\');
                }
                out.append(c);
                continue;
            }
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c <= 0xff) {
                        appendByteEscape(out, c);
                    } else {
                        int cp = Character.codePointAt(s, i);
                        i += Character.charCount(cp) - 1;
                        appendUtf8Escapes(out, cp);
                    }
                }
            }
        }
        out.append('"');
    }

    private static void appendByteEscape(StringBuilder out, int b) {
        out.append("\\u00").append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
    }

    private static void appendUtf8Escapes(StringBuilder out, int cp) {
        if (cp < 0x800) {
            appendByteEscape(out, 0xc0 | (cp >> 6));
        } else if (cp < 0x10000) {
            appendByteEscape(out, 0xe0 | (cp >> 12));
            appendByteEscape(out, 0x80 | ((cp >> 6) & 0x3f));
        } else {
            appendByteEscape(out, 0xf0 | (cp >> 18));
            appendByteEscape(out, 0x80 | ((cp >> 12) & 0x3f));
            appendByteEscape(out, 0x80 | ((cp >> 6) & 0x3f));
        }
        appendByteEscape(out, 0x80 | (cp & 0x3f));
    }
}
