package dev.bulwark.waf.cli;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON values as plain Java objects, read and written: objects are {@code LinkedHashMap<String, Object>}, arrays
 * {@code List<Object>}, numbers {@link BigDecimal}, and strings, booleans and null themselves.
 *
 * <p>Strings are byte strings both ways, as in the audit log: text is read one char per byte (the caller decodes the
 * file as ISO-8859-1), a backslash-u escape up to 00FF gives the byte of that value back, and an escape above 00FF
 * (which the audit log never writes, but a hand-edited line may hold) becomes the bytes of its UTF-8
 * encoding, so no char above 0xFF is ever produced. Writing escapes {@code "}, {@code \}, control bytes and every byte
 * from 0x80 up, so the output is ASCII.
 *
 * <pre>{@code
 * Map<String, Object> o = Json.object("{\"a\":[1,\"x\"]}");  // {a=[1, x]}
 * String text = Json.write(o, false);                         // {"a":[1,"x"]}
 * }</pre>
 */
final class Json {

    /** Deeper nesting than this is refused, so a hostile line cannot overflow the stack. */
    private static final int MAX_DEPTH = 64;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Text that is not JSON; the message says where. */
    static final class SyntaxException extends Exception {
        private static final long serialVersionUID = 1L;

        SyntaxException(String message) {
            super(message);
        }
    }

    private final String s;
    private int i;

    private Json(String s) {
        this.s = s;
    }

    /** Parses one JSON value that must fill {@code text} (blanks around it allowed). */
    static Object parse(String text) throws SyntaxException {
        Json p = new Json(text);
        p.blanks();
        Object v = p.value(0);
        p.blanks();
        if (p.i != text.length()) {
            throw p.error("unexpected text after the value");
        }
        return v;
    }

    /** Parses text that must be a JSON object. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(String text) throws SyntaxException {
        Object v = parse(text);
        if (!(v instanceof Map)) {
            throw new SyntaxException("not a JSON object");
        }
        return (Map<String, Object>) v;
    }

    private Object value(int depth) throws SyntaxException {
        if (depth > MAX_DEPTH) {
            throw error("nested more than " + MAX_DEPTH + " levels deep");
        }
        if (i >= s.length()) {
            throw error("a value was expected");
        }
        char c = s.charAt(i);
        switch (c) {
            case '{':
                return objectValue(depth);
            case '[':
                return arrayValue(depth);
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("unexpected character");
        }
    }

    private Map<String, Object> objectValue(int depth) throws SyntaxException {
        Map<String, Object> m = new LinkedHashMap<>();
        i++;
        blanks();
        if (peek() == '}') {
            i++;
            return m;
        }
        while (true) {
            blanks();
            if (peek() != '"') {
                throw error("a quoted name was expected");
            }
            String name = string();
            blanks();
            expect(':');
            blanks();
            m.put(name, value(depth + 1));
            blanks();
            char c = peek();
            i++;
            if (c == '}') {
                return m;
            }
            if (c != ',') {
                i--;
                throw error("',' or '}' was expected");
            }
        }
    }

    private List<Object> arrayValue(int depth) throws SyntaxException {
        List<Object> list = new ArrayList<>();
        i++;
        blanks();
        if (peek() == ']') {
            i++;
            return list;
        }
        while (true) {
            blanks();
            list.add(value(depth + 1));
            blanks();
            char c = peek();
            i++;
            if (c == ']') {
                return list;
            }
            if (c != ',') {
                i--;
                throw error("',' or ']' was expected");
            }
        }
    }

    private String string() throws SyntaxException {
        i++; // opening quote
        int start = i;
        // fast path: no escape
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"') {
                return s.substring(start, i++);
            }
            if (c == '\\' || c < 0x20) {
                break;
            }
            i++;
        }
        StringBuilder b = new StringBuilder(s.length() - start);
        b.append(s, start, i);
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == '"') {
                return b.toString();
            }
            if (c < 0x20) {
                i--;
                throw error("control character in a string");
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (i >= s.length()) {
                break;
            }
            char e = s.charAt(i++);
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> unicodeEscape(b);
                default -> {
                    i--;
                    throw error("bad escape '\\" + e + "'");
                }
            }
        }
        throw error("unterminated string");
    }

    /** After a backslash-u: a byte when at most 0xFF, else the UTF-8 bytes of the code point (pairs joined). */
    private void unicodeEscape(StringBuilder b) throws SyntaxException {
        int cp = hex4();
        if (cp <= 0xff) {
            b.append((char) cp);
            return;
        }
        if (Character.isHighSurrogate((char) cp) && s.startsWith("\\u", i)) {
            int save = i;
            i += 2;
            int low = hex4();
            if (Character.isLowSurrogate((char) low)) {
                cp = Character.toCodePoint((char) cp, (char) low);
            } else {
                i = save;
            }
        }
        utf8(b, cp);
    }

    private int hex4() throws SyntaxException {
        if (i + 4 > s.length()) {
            throw error("incomplete \\u escape");
        }
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int d = Character.digit(s.charAt(i + k), 16);
            if (d < 0) {
                throw error("bad \\u escape");
            }
            v = v * 16 + d;
        }
        i += 4;
        return v;
    }

    private static void utf8(StringBuilder b, int cp) {
        if (cp < 0x800) {
            b.append((char) (0xc0 | (cp >> 6)));
        } else if (cp < 0x10000) {
            b.append((char) (0xe0 | (cp >> 12)));
            b.append((char) (0x80 | ((cp >> 6) & 0x3f)));
        } else {
            b.append((char) (0xf0 | (cp >> 18)));
            b.append((char) (0x80 | ((cp >> 12) & 0x3f)));
            b.append((char) (0x80 | ((cp >> 6) & 0x3f)));
        }
        b.append((char) (0x80 | (cp & 0x3f)));
    }

    private BigDecimal number() throws SyntaxException {
        int start = i;
        if (peek() == '-') {
            i++;
        }
        if (peek() == '0') {
            i++;
        } else if (!digits()) {
            throw error("digits were expected");
        }
        if (peek() == '.') {
            i++;
            if (!digits()) {
                throw error("digits were expected after '.'");
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            i++;
            if (peek() == '+' || peek() == '-') {
                i++;
            }
            if (!digits()) {
                throw error("digits were expected in the exponent");
            }
        }
        try {
            return new BigDecimal(s.substring(start, i));
        } catch (NumberFormatException | ArithmeticException e) {
            throw error("number out of range");
        }
    }

    private boolean digits() {
        int start = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i > start;
    }

    private Object literal(String word, Object value) throws SyntaxException {
        if (!s.startsWith(word, i)) {
            throw error("unexpected character");
        }
        i += word.length();
        return value;
    }

    private void expect(char c) throws SyntaxException {
        if (peek() != c) {
            throw error("'" + c + "' was expected");
        }
        i++;
    }

    private char peek() {
        return i < s.length() ? s.charAt(i) : '\0';
    }

    private void blanks() {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            i++;
        }
    }

    private SyntaxException error(String what) {
        return new SyntaxException(what + " at column " + (Math.min(i, s.length()) + 1));
    }

    // ---- writing ----

    /**
     * {@code value} (maps, lists, strings, numbers, booleans, null) as JSON text; {@code indent} lays it out on
     * several lines, two spaces per level.
     */
    static String write(Object value, boolean indent) {
        StringBuilder out = new StringBuilder(256);
        write(out, value, indent ? 0 : -1);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value, int level) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String str) {
            quote(out, str);
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            out.append(value);
        } else if (value instanceof BigDecimal d) {
            out.append(d.toPlainString());
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                newline(out, level + 1);
                quote(out, String.valueOf(e.getKey()));
                out.append(level >= 0 ? ": " : ":");
                write(out, e.getValue(), level < 0 ? -1 : level + 1);
            }
            if (!map.isEmpty()) {
                newline(out, level);
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int k = 0; k < list.size(); k++) {
                if (k > 0) {
                    out.append(',');
                }
                newline(out, level + 1);
                write(out, list.get(k), level < 0 ? -1 : level + 1);
            }
            if (!list.isEmpty()) {
                newline(out, level);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }

    private static void newline(StringBuilder out, int level) {
        if (level < 0) {
            return;
        }
        out.append('\n');
        for (int k = 0; k < level; k++) {
            out.append("  ");
        }
    }

    /** Appends {@code s} as a quoted JSON string, escaped as the class comment says. */
    static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c >= 0x20 && c < 0x7f) {
                if (c == '"' || c == '\\') {
                    out.append('\\');
                }
                out.append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c <= 0xff) {
                out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            } else {
                throw new IllegalArgumentException("not a byte string: char " + (int) c);
            }
        }
        out.append('"');
    }
}
