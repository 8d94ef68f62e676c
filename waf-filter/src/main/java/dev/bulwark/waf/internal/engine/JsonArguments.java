package dev.bulwark.waf.internal.engine;

/**
 * Turns a JSON request body (a byte string) into ARGS_POST, one argument per leaf, named as ModSecurity v2 names them:
 * no prefix, object keys joined with dots ({@code {"a":{"b":1}}} gives {@code a.b}), array elements numbered from 0
 * ({@code {"a":[1,2]}} gives {@code a.0}, {@code a.1}). Strings are unescaped; {@code \}{@code uXXXX} becomes the
 * UTF-8 bytes of the code point (one char per byte, like every request value); numbers keep the text sent;
 * {@code true}/{@code false} as written, {@code null} as the empty string. Malformed JSON, nesting deeper than
 * {@code SecRequestBodyJsonDepthLimit} or more arguments than {@code SecArgumentsLimit} set REQBODY_ERROR with a
 * message naming the position.
 */
final class JsonArguments {

    private final String s;
    private final int depthLimit;
    private final int argumentsLimit;
    private final RequestData request;
    private int pos;

    private JsonArguments(String s, RequestData request, EngineSettings settings) {
        this.s = s;
        this.request = request;
        this.depthLimit = settings.jsonDepthLimit();
        this.argumentsLimit = settings.argumentsLimit();
    }

    static void parse(RequestData request, EngineSettings settings) {
        JsonArguments p = new JsonArguments(request.body, request, settings);
        try {
            p.skipBlanks();
            p.value("", 0);
            p.skipBlanks();
            if (p.pos != p.s.length()) {
                throw p.error("unexpected text after the JSON value");
            }
        } catch (MalformedJson e) {
            request.bodyError = true;
            request.bodyErrorMessage = "JSON parsing error: " + e.getMessage();
        }
    }

    private void value(String name, int depth) throws MalformedJson {
        if (pos >= s.length()) {
            throw error("unexpected end of body");
        }
        char c = s.charAt(pos);
        switch (c) {
            case '{' -> object(name, depth + 1);
            case '[' -> array(name, depth + 1);
            case '"' -> argument(name, string());
            case 't' -> argument(name, literal("true"));
            case 'f' -> argument(name, literal("false"));
            case 'n' -> {
                literal("null");
                argument(name, "");
            }
            default -> argument(name, number());
        }
    }

    private void object(String prefix, int depth) throws MalformedJson {
        checkDepth(depth);
        pos++;
        skipBlanks();
        if (peek() == '}') {
            pos++;
            return;
        }
        while (true) {
            skipBlanks();
            if (peek() != '"') {
                throw error("expected a member name");
            }
            String key = string();
            skipBlanks();
            expect(':');
            skipBlanks();
            value(prefix.isEmpty() ? key : prefix + "." + key, depth);
            skipBlanks();
            char c = next();
            if (c == '}') {
                return;
            }
            if (c != ',') {
                throw error("expected ',' or '}'");
            }
        }
    }

    private void array(String prefix, int depth) throws MalformedJson {
        checkDepth(depth);
        pos++;
        skipBlanks();
        if (peek() == ']') {
            pos++;
            return;
        }
        for (int i = 0; ; i++) {
            skipBlanks();
            value(prefix.isEmpty() ? Integer.toString(i) : prefix + "." + i, depth);
            skipBlanks();
            char c = next();
            if (c == ']') {
                return;
            }
            if (c != ',') {
                throw error("expected ',' or ']'");
            }
        }
    }

    private void checkDepth(int depth) throws MalformedJson {
        if (depth > depthLimit) {
            throw error("nesting deeper than the limit of " + depthLimit + " (SecRequestBodyJsonDepthLimit)");
        }
    }

    private void argument(String name, String value) throws MalformedJson {
        if (request.argsGet.size() + request.argsPost.size() >= argumentsLimit) {
            throw error("more than " + argumentsLimit + " arguments (SecArgumentsLimit)");
        }
        request.argsPost.add(name, value);
    }

    private String string() throws MalformedJson {
        pos++;
        StringBuilder b = null;
        int start = pos;
        while (true) {
            if (pos >= s.length()) {
                throw error("unterminated string");
            }
            char c = s.charAt(pos);
            if (c == '"') {
                String out = b == null ? s.substring(start, pos) : b.append(s, start, pos).toString();
                pos++;
                return out;
            }
            if (c < 0x20) {
                throw error("control character in string");
            }
            if (c != '\\') {
                pos++;
                continue;
            }
            if (b == null) {
                b = new StringBuilder();
            }
            b.append(s, start, pos);
            pos++;
            char e = next();
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> appendUtf8(b, codePoint());
                default -> throw error("invalid escape \\" + e);
            }
            start = pos;
        }
    }

    private int codePoint() throws MalformedJson {
        int cp = hex4();
        if (cp >= 0xD800 && cp <= 0xDBFF && s.startsWith("\\u", pos)) {
            int save = pos;
            pos += 2;
            int low = hex4();
            if (low >= 0xDC00 && low <= 0xDFFF) {
                return 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            }
            pos = save;
        }
        return cp;
    }

    private int hex4() throws MalformedJson {
        if (pos + 4 > s.length()) {
            throw error("truncated \\u escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(s.charAt(pos++), 16);
            if (d < 0) {
                throw error("invalid \\u escape");
            }
            v = v * 16 + d;
        }
        return v;
    }

    private static void appendUtf8(StringBuilder b, int cp) {
        if (cp < 0x80) {
            b.append((char) cp);
        } else if (cp < 0x800) {
            b.append((char) (0xC0 | cp >> 6)).append((char) (0x80 | cp & 0x3F));
        } else if (cp < 0x10000) {
            b.append((char) (0xE0 | cp >> 12)).append((char) (0x80 | cp >> 6 & 0x3F))
                    .append((char) (0x80 | cp & 0x3F));
        } else {
            b.append((char) (0xF0 | cp >> 18)).append((char) (0x80 | cp >> 12 & 0x3F))
                    .append((char) (0x80 | cp >> 6 & 0x3F)).append((char) (0x80 | cp & 0x3F));
        }
    }

    private String literal(String word) throws MalformedJson {
        if (!s.startsWith(word, pos)) {
            throw error("unexpected character");
        }
        pos += word.length();
        return word;
    }

    private String number() throws MalformedJson {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        int digits = pos;
        while (pos < s.length() && "0123456789.eE+-".indexOf(s.charAt(pos)) >= 0) {
            pos++;
        }
        if (pos == digits || !Character.isDigit(s.charAt(digits))) {
            throw error("unexpected character");
        }
        return s.substring(start, pos);
    }

    private void skipBlanks() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private char peek() {
        return pos < s.length() ? s.charAt(pos) : 0;
    }

    private char next() throws MalformedJson {
        if (pos >= s.length()) {
            throw error("unexpected end of body");
        }
        return s.charAt(pos++);
    }

    private void expect(char c) throws MalformedJson {
        if (next() != c) {
            throw error("expected '" + c + "'");
        }
    }

    private MalformedJson error(String message) {
        return new MalformedJson(message + " at offset " + pos);
    }

    private static final class MalformedJson extends Exception {
        MalformedJson(String message) {
            super(message, null, false, false);
        }
    }
}
