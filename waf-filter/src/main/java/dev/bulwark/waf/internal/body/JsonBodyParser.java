package dev.bulwark.waf.internal.body;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The JSON request body processor ({@code ctl:requestBodyProcessor=JSON}): a streaming, non-recursive parser that
 * reports one argument per scalar leaf, named the way ModSecurity v2 ({@code msc_json.c}) names them.
 *
 * <p>Naming (no {@code json.} prefix, unlike libModSecurity 3 and Coraza):
 * <ul>
 *   <li>member {@code a} of the top-level object: {@code a}; member {@code b} of the object in {@code a}:
 *       {@code a.b};</li>
 *   <li>an element of an array named {@code n} whose own key is {@code k} is named {@code n.k}: every element of
 *       {@code {"a":[1,2]}} is named {@code a.a}, of {@code {"x":{"a":[1]}}} {@code x.a.a}, of
 *       {@code {"a":[[1]]}} {@code a.a.a}; an object inside an array is named like an element, so
 *       {@code {"a":[{"b":1}]}} gives {@code a.a.b};</li>
 *   <li>a top-level array is named {@code array} with key {@code array}: {@code [1]} gives {@code array.array};</li>
 *   <li>a top-level scalar gets the empty name.</li>
 * </ul>
 * ModSecurity derives these names from a prefix string that it cuts at the last dot when an object closes; for keys
 * that themselves contain a dot this can rename later siblings. Bulwark keeps the names structural instead (a key
 * with a dot only affects its own subtree); for keys without dots the two agree exactly.
 *
 * <p>Values: strings unescaped, {@code \}{@code uXXXX} written as the UTF-8 bytes of the code point (a valid surrogate
 * pair as one 4-byte sequence, an unpaired surrogate as {@code ?}, as yajl does for a lone high surrogate);
 * numbers exactly as written (so huge numbers stay text); {@code true}/{@code false} as those words; {@code null}
 * as the empty string. Raw bytes inside strings must have the shape of UTF-8 (lead byte, then continuation bytes),
 * the check yajl applies by default; overlong forms are not rejected, as in yajl.
 *
 * <p>Limits: the depth counts nested containers the way ModSecurity's {@code SecRequestBodyJsonDepthLimit} does (a
 * top-level object is not counted, every other object or array is), and going deeper than {@code maxDepth} is an
 * error; emitting more than {@code maxArguments} arguments is an error (ModSecurity's {@code SecArgumentsLimit}).
 * Empty input is an error (ModSecurity does not run a body processor when there is no body, so the caller should not
 * call this for an empty body).
 *
 * <p>Example: {@code {"user":{"name":"x","roles":["a","b"]},"n":1e999}} gives {@code user.name=x},
 * {@code user.roles.roles=a}, {@code user.roles.roles=b}, {@code n=1e999}.
 *
 * <p>Immutable and thread-safe.
 */
public final class JsonBodyParser {

    /** The depth limit of ModSecurity's recommended configuration ({@code SecRequestBodyJsonDepthLimit 512}). */
    public static final int DEFAULT_MAX_DEPTH = 512;

    /** ModSecurity's default {@code SecArgumentsLimit}. */
    public static final int DEFAULT_MAX_ARGUMENTS = 1000;

    private static final String ARRAY = "array";

    private final int maxDepth;
    private final int maxArguments;

    public JsonBodyParser() {
        this(DEFAULT_MAX_DEPTH, DEFAULT_MAX_ARGUMENTS);
    }

    /**
     * @param maxDepth deepest nesting allowed (counted as described above), at least 0
     * @param maxArguments most arguments this body may produce, at least 0
     */
    public JsonBodyParser(int maxDepth, int maxArguments) {
        if (maxDepth < 0) {
            throw new IllegalArgumentException("maxDepth must be >= 0, was " + maxDepth);
        }
        if (maxArguments < 0) {
            throw new IllegalArgumentException("maxArguments must be >= 0, was " + maxArguments);
        }
        this.maxDepth = maxDepth;
        this.maxArguments = maxArguments;
    }

    public int maxDepth() {
        return maxDepth;
    }

    public int maxArguments() {
        return maxArguments;
    }

    /** Parses a byte string body (one char per byte; chars above U+00FF are not expected and become {@code ?}). */
    public void parse(String byteString, ArgumentSink sink) throws BodyParseException {
        byte[] bytes = byteString.getBytes(StandardCharsets.ISO_8859_1);
        parse(bytes, 0, bytes.length, sink);
    }

    public void parse(byte[] body, ArgumentSink sink) throws BodyParseException {
        parse(body, 0, body.length, sink);
    }

    /** Parses {@code body[offset, offset+length)}; arguments go to {@code sink} as they are found. */
    public void parse(byte[] body, int offset, int length, ArgumentSink sink) throws BodyParseException {
        if (offset < 0 || length < 0 || offset > body.length - length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + ", array " + body.length);
        }
        new Run(body, offset, offset + length, sink).run();
    }

    @Override
    public String toString() {
        return "JsonBodyParser[maxDepth=" + maxDepth + ", maxArguments=" + maxArguments + "]";
    }

    /** The state of one parse: input position, the stack of open containers and the name of the current member. */
    private final class Run {

        private final byte[] in;
        private final int start;
        private final int end;
        private final ArgumentSink sink;
        private final StringBuilder scratch = new StringBuilder();

        private int pos;
        private int arguments;
        private int depth;

        // Open containers, innermost at [top]. A container's argument name is path[0, nameEnd[i]) (nameEnd -1: the
        // top-level object, which has none); each name extends its parent's, so one builder holds them all and
        // memory stays linear in the depth. keys[i] is, for an array, the key its elements are named with.
        private int top = -1;
        private boolean[] isArray = new boolean[16];
        private int[] nameEnd = new int[16];
        private String[] keys = new String[16];
        private final StringBuilder path = new StringBuilder();
        private String currentKey;

        Run(byte[] in, int start, int end, ArgumentSink sink) {
            this.in = in;
            this.start = start;
            this.end = end;
            this.sink = sink;
            this.pos = start;
        }

        void run() throws BodyParseException {
            // No recursion: nesting lives in the explicit stack, so depth is bounded by maxDepth, not the JVM stack.
            while (true) {
                if (readValue()) {
                    continue;
                }
                if (!closeFinishedContainers()) {
                    return;
                }
            }
        }

        /**
         * Reads one value. A scalar is emitted; an opening bracket pushes a container and, unless it is empty, leaves
         * the position on its first value (after the first key for an object) and returns true.
         */
        private boolean readValue() throws BodyParseException {
            skipWhitespace();
            if (pos >= end) {
                throw error("unexpected end of input, expected a value");
            }
            int c = in[pos] & 0xFF;
            switch (c) {
                case '{':
                    pos++;
                    open(false);
                    skipWhitespace();
                    if (pos < end && in[pos] == '}') {
                        pos++;
                        close();
                        return false;
                    }
                    readKeyAndColon();
                    return true;
                case '[':
                    pos++;
                    open(true);
                    skipWhitespace();
                    if (pos < end && in[pos] == ']') {
                        pos++;
                        close();
                        return false;
                    }
                    return true;
                case '"':
                    pos++;
                    emit(readString());
                    return false;
                case 't':
                    expectLiteral("true");
                    emit("true");
                    return false;
                case 'f':
                    expectLiteral("false");
                    emit("false");
                    return false;
                case 'n':
                    expectLiteral("null");
                    emit("");
                    return false;
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        emit(readNumber());
                        return false;
                    }
                    throw unexpected(c, "a value");
            }
        }

        /**
         * After a value: consumes separators and closing brackets. Returns true when another value must be read,
         * false when the document is complete.
         */
        private boolean closeFinishedContainers() throws BodyParseException {
            while (true) {
                skipWhitespace();
                if (top < 0) {
                    if (pos < end) {
                        throw error("unexpected " + ByteStrings.describeByte(in[pos] & 0xFF)
                                + " after the end of the JSON value");
                    }
                    return false;
                }
                boolean array = isArray[top];
                if (pos >= end) {
                    throw error("unexpected end of input, expected ',' or " + (array ? "']'" : "'}'"));
                }
                int c = in[pos] & 0xFF;
                if (c == ',') {
                    pos++;
                    if (!array) {
                        skipWhitespace();
                        readKeyAndColon();
                    }
                    return true;
                }
                if (c == (array ? ']' : '}')) {
                    pos++;
                    close();
                    continue;
                }
                throw unexpected(c, "',' or " + (array ? "']'" : "'}'"));
            }
        }

        private void readKeyAndColon() throws BodyParseException {
            if (pos >= end) {
                throw error("unexpected end of input, expected an object key");
            }
            if (in[pos] != '"') {
                throw unexpected(in[pos] & 0xFF, "an object key (a string)");
            }
            pos++;
            currentKey = readString();
            skipWhitespace();
            if (pos >= end) {
                throw error("unexpected end of input, expected ':'");
            }
            if (in[pos] != ':') {
                throw unexpected(in[pos] & 0xFF, "':'");
            }
            pos++;
        }

        /** The argument name of a value at the current position. */
        private String valueName() {
            if (top < 0) {
                return "";
            }
            String key = isArray[top] ? keys[top] : currentKey;
            int end = nameEnd[top];
            if (end < 0) {
                return key;
            }
            return new StringBuilder(end + 1 + key.length()).append(path, 0, end).append('.').append(key).toString();
        }

        private void open(boolean array) throws BodyParseException {
            int end;
            String key = null;
            if (top < 0) {
                path.setLength(0);
                if (array) {
                    path.append(ARRAY);
                    key = ARRAY;
                }
                end = array ? path.length() : -1;
            } else {
                String parentKey = isArray[top] ? keys[top] : currentKey;
                if (nameEnd[top] < 0) {
                    path.setLength(0);
                } else {
                    path.setLength(nameEnd[top]);
                    path.append('.');
                }
                path.append(parentKey);
                end = path.length();
                if (array) {
                    key = parentKey;
                }
            }
            // ModSecurity does not count a top-level object towards the depth.
            if (top >= 0 || array) {
                depth++;
                if (depth > maxDepth) {
                    throw error("JSON depth limit exceeded (limit " + maxDepth + ")");
                }
            }
            top++;
            if (top == isArray.length) {
                int size = isArray.length * 2;
                isArray = Arrays.copyOf(isArray, size);
                nameEnd = Arrays.copyOf(nameEnd, size);
                keys = Arrays.copyOf(keys, size);
            }
            isArray[top] = array;
            nameEnd[top] = end;
            keys[top] = key;
        }

        private void close() {
            if (top > 0 || isArray[0]) {
                depth--;
            }
            keys[top] = null;
            top--;
        }

        private void emit(String value) throws BodyParseException {
            if (arguments >= maxArguments) {
                throw error("JSON argument limit exceeded (limit " + maxArguments + ")");
            }
            arguments++;
            sink.argument(valueName(), value);
        }

        /** Reads a string whose opening quote was consumed; returns it unescaped as a byte string. */
        private String readString() throws BodyParseException {
            int from = pos;
            // Fast path: plain ASCII without escapes is returned as a slice.
            while (pos < end) {
                int c = in[pos] & 0xFF;
                if (c == '"') {
                    String s = ByteStrings.of(in, from, pos - from);
                    pos++;
                    return s;
                }
                if (c == '\\' || c < 0x20 || c >= 0x80) {
                    break;
                }
                pos++;
            }
            StringBuilder out = scratch;
            out.setLength(0);
            for (int i = from; i < pos; i++) {
                out.append((char) (in[i] & 0xFF));
            }
            while (pos < end) {
                int c = in[pos] & 0xFF;
                if (c == '"') {
                    pos++;
                    return out.toString();
                }
                if (c == '\\') {
                    readEscape(out);
                } else if (c < 0x20) {
                    throw error("control character " + ByteStrings.describeByte(c) + " inside a string");
                } else if (c < 0x80) {
                    out.append((char) c);
                    pos++;
                } else {
                    copyUtf8Sequence(out, c);
                }
            }
            throw error("unexpected end of input inside a string");
        }

        private void readEscape(StringBuilder out) throws BodyParseException {
            int escapeAt = pos;
            pos++;
            if (pos >= end) {
                throw error("unexpected end of input inside a string");
            }
            int c = in[pos] & 0xFF;
            pos++;
            switch (c) {
                case '"': out.append('"'); return;
                case '\\': out.append('\\'); return;
                case '/': out.append('/'); return;
                case 'b': out.append('\b'); return;
                case 'f': out.append('\f'); return;
                case 'n': out.append('\n'); return;
                case 'r': out.append('\r'); return;
                case 't': out.append('\t'); return;
                case 'u': break;
                default:
                    pos = escapeAt;
                    throw error("invalid escape \\" + (char) (c < 0x21 || c > 0x7E ? '?' : c) + " inside a string");
            }
            int codePoint = readHex4();
            if (codePoint >= 0xD800 && codePoint <= 0xDBFF) {
                if (pos + 1 < end && in[pos] == '\\' && in[pos + 1] == 'u') {
                    int save = pos;
                    pos += 2;
                    int low = readHex4();
                    if (low >= 0xDC00 && low <= 0xDFFF) {
                        ByteStrings.appendUtf8(out, 0x10000 + ((codePoint - 0xD800) << 10) + (low - 0xDC00));
                        return;
                    }
                    pos = save; // not a pair: the second escape is read on its own
                }
                out.append('?');
            } else if (codePoint >= 0xDC00 && codePoint <= 0xDFFF) {
                out.append('?');
            } else {
                ByteStrings.appendUtf8(out, codePoint);
            }
        }

        private int readHex4() throws BodyParseException {
            if (end - pos < 4) {
                throw error("unexpected end of input inside a \\u escape");
            }
            int value = 0;
            for (int i = 0; i < 4; i++) {
                int c = in[pos] & 0xFF;
                int digit = Character.digit(c, 16);
                if (digit < 0 || c >= 0x80) {
                    throw error("non-hex character " + ByteStrings.describeByte(c) + " in a \\u escape");
                }
                value = (value << 4) | digit;
                pos++;
            }
            return value;
        }

        /** Copies one multi-byte UTF-8 sequence (structure checked as yajl does) byte by byte. */
        private void copyUtf8Sequence(StringBuilder out, int lead) throws BodyParseException {
            int continuation;
            if ((lead >> 5) == 0x6) {
                continuation = 1;
            } else if ((lead >> 4) == 0xE) {
                continuation = 2;
            } else if ((lead >> 3) == 0x1E) {
                continuation = 3;
            } else {
                throw error("invalid UTF-8 byte " + ByteStrings.describeByte(lead) + " inside a string");
            }
            out.append((char) lead);
            pos++;
            for (int i = 0; i < continuation; i++) {
                if (pos >= end) {
                    throw error("unexpected end of input inside a string");
                }
                int c = in[pos] & 0xFF;
                if ((c >> 6) != 0x2) {
                    throw error("invalid UTF-8 sequence inside a string");
                }
                out.append((char) c);
                pos++;
            }
        }

        /** Reads a number as written: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}. */
        private String readNumber() throws BodyParseException {
            int from = pos;
            if (in[pos] == '-') {
                pos++;
            }
            if (pos < end && in[pos] == '0') {
                pos++;
            } else if (!skipDigits()) {
                throw error("malformed number, a digit is required");
            }
            if (pos < end && in[pos] == '.') {
                pos++;
                if (!skipDigits()) {
                    throw error("malformed number, a digit is required after the decimal point");
                }
            }
            if (pos < end && (in[pos] == 'e' || in[pos] == 'E')) {
                pos++;
                if (pos < end && (in[pos] == '+' || in[pos] == '-')) {
                    pos++;
                }
                if (!skipDigits()) {
                    throw error("malformed number, a digit is required in the exponent");
                }
            }
            return ByteStrings.of(in, from, pos - from);
        }

        private boolean skipDigits() {
            int from = pos;
            while (pos < end && in[pos] >= '0' && in[pos] <= '9') {
                pos++;
            }
            return pos > from;
        }

        private void expectLiteral(String literal) throws BodyParseException {
            int n = literal.length();
            for (int i = 0; i < n; i++) {
                if (pos + i >= end || in[pos + i] != literal.charAt(i)) {
                    pos += i;
                    throw error("invalid literal, expected '" + literal + "'");
                }
            }
            pos += n;
        }

        private void skipWhitespace() {
            // yajl also accepts vertical tab and form feed between tokens.
            while (pos < end) {
                byte b = in[pos];
                if (b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0B || b == 0x0C) {
                    pos++;
                } else {
                    return;
                }
            }
        }

        private BodyParseException unexpected(int c, String expected) {
            return error("unexpected " + ByteStrings.describeByte(c) + ", expected " + expected);
        }

        private BodyParseException error(String detail) {
            long offset = pos - start;
            return new BodyParseException("JSON parsing error: " + detail + " at offset " + offset, offset);
        }
    }
}
