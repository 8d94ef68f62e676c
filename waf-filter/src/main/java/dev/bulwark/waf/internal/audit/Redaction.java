package dev.bulwark.waf.internal.audit;

import dev.bulwark.waf.internal.regex.Regex;
import dev.bulwark.waf.internal.regex.RegexSyntaxException;
import dev.bulwark.waf.internal.text.Ascii;
import dev.bulwark.waf.internal.transformations.Transformation;
import dev.bulwark.waf.internal.transformations.Transformations;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the audit log hides: credentials in headers, and the values of arguments whose names look like secrets. On by
 * default. Immutable and thread-safe; every method takes and returns byte strings and returns the same instance when
 * nothing was hidden.
 *
 * <ul>
 *   <li>Header values of {@code Authorization}, {@code Proxy-Authorization}, {@code Cookie}, {@code Set-Cookie} (plus
 *       configured names), and of headers whose own name looks like a secret ({@code X-Api-Key}), become
 *       {@value #MARK}.
 *   <li>Secret-looking names: {@code password}, {@code passwd}, {@code pwd}, {@code secret}, {@code token},
 *       {@code api_key}/{@code apikey}/{@code api-key}, {@code oauth}, {@code session}, {@code credit}, {@code cvv}
 *       anywhere in the name; {@code auth}, {@code card}, {@code cc}, {@code ssn} at the start of a word of the name
 *       ({@code cc_num}, {@code ccNum}, {@code user-auth}, but not {@code access} or {@code classname}; a word such
 *       as {@code authority} is hidden too); ASCII case ignored. Configured RE2 patterns are added (searched with
 *       ASCII case ignored).
 *   <li>Their values are hidden in the query string of the logged URI, in urlencoded, JSON and multipart request
 *       bodies (other bodies are logged as they are), and in a match's matched value and logdata when the match's
 *       variable is such an argument, header or cookie ({@code ARGS:password}, {@code REQUEST_HEADERS:Authorization};
 *       never {@code ARGS_NAMES}, whose values are the names).
 * </ul>
 *
 * Body redaction scans the (capped) excerpt tolerantly rather than parsing it: a value cut by the cap is hidden up
 * to the cut, and a body the scanner cannot follow is left as it is.
 */
final class Redaction {

    static final String MARK = "[redacted]";

    static final List<String> DEFAULT_HEADERS = List.of("authorization", "proxy-authorization", "cookie",
            "set-cookie");

    /**
     * The built-in secret-name pattern. Short words ({@code cc}, {@code auth}...) must start a word: after the start,
     * a non-alphanumeric byte, or (camelCase) a lower-case letter or digit followed by a capital.
     */
    static final String DEFAULT_NAME_PATTERN =
            "(?i:pass(?:word|wd)|pwd|secret|token|api[-_]?key|oauth|session|credit|cvv)"
                    + "|(?:^|[^A-Za-z0-9])(?i:auth|card|cc|ssn)"
                    + "|[a-z0-9](?:Auth|AUTH|Card|CARD|Cc|CC|Ssn|SSN)";

    /** Variables whose whole value is query-string shaped: hide the secret pairs inside the matched value. */
    private static final Set<String> PAIR_VARIABLES = Set.of("REQUEST_BODY", "QUERY_STRING", "REQUEST_URI",
            "REQUEST_URI_RAW", "REQUEST_LINE");

    private static final Transformation URL_DECODE = Transformations.lookup("urlDecode");

    static final Redaction NONE = new Redaction(false, Set.of(), List.of());

    private final boolean enabled;
    private final Set<String> headers;
    private final List<Regex> names;

    private Redaction(boolean enabled, Set<String> headers, List<Regex> names) {
        this.enabled = enabled;
        this.headers = headers;
        this.names = names;
    }

    /**
     * Redaction with the defaults plus {@code extraHeaders} (names, any case) and {@code extraNamePatterns} (RE2,
     * searched in the name, ASCII case ignored).
     *
     * @throws IllegalArgumentException when a pattern is not valid RE2
     */
    static Redaction of(List<String> extraHeaders, List<String> extraNamePatterns) {
        Set<String> h = new HashSet<>(DEFAULT_HEADERS);
        for (String name : extraHeaders) {
            h.add(Ascii.lower(name.trim()));
        }
        List<Regex> n = new ArrayList<>();
        n.add(compile(DEFAULT_NAME_PATTERN));
        for (String p : extraNamePatterns) {
            n.add(compile("(?i:" + p + ")"));
        }
        return new Redaction(true, Set.copyOf(h), List.copyOf(n));
    }

    /** Checks a configured name pattern; throws IllegalArgumentException with RE2's complaint. */
    static void checkNamePattern(String pattern) {
        compile("(?i:" + pattern + ")");
    }

    private static Regex compile(String pattern) {
        try {
            return Regex.compile(pattern);
        } catch (RegexSyntaxException e) {
            throw new IllegalArgumentException("audit log redaction pattern '" + pattern + "': " + e.getMessage());
        }
    }

    boolean enabled() {
        return enabled;
    }

    /** Whether an argument, cookie or JSON key called {@code name} holds a secret. */
    boolean isSecretName(String name) {
        if (!enabled || name.isEmpty()) {
            return false;
        }
        for (Regex r : names) {
            if (r.find(name)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the value of header {@code name} is hidden. */
    boolean isSecretHeader(String name) {
        return enabled && (headers.contains(Ascii.lower(name)) || isSecretName(name));
    }

    String header(String name, String value) {
        return isSecretHeader(name) ? MARK : value;
    }

    /**
     * Whether values of {@code variable} ({@code COLLECTION:key} as in {@link dev.bulwark.waf.RuleMatch#variable()})
     * are secret.
     */
    boolean isSecretVariable(String variable) {
        if (!enabled) {
            return false;
        }
        int colon = variable.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        String collection = variable.substring(0, colon);
        String key = variable.substring(colon + 1);
        if (collection.endsWith("_NAMES")) {
            return false;
        }
        if (collection.equals("REQUEST_HEADERS") || collection.equals("RESPONSE_HEADERS")) {
            return isSecretHeader(key);
        }
        return isSecretName(key);
    }

    /** The matched value of a match on {@code variable}, with secrets hidden. */
    String matchedValue(String variable, String value) {
        if (!enabled || value == null || value.isEmpty()) {
            return value;
        }
        if (isSecretVariable(variable)) {
            return MARK;
        }
        return PAIR_VARIABLES.contains(variable) ? pairs(value, '&') : value;
    }

    /**
     * The logdata of a match: hidden whole when the variable is secret (logdata usually quotes the matched value),
     * else with any copy of the matched value replaced by its redacted form.
     */
    String logData(String variable, String matchedValue, String logData) {
        if (!enabled || logData == null || logData.isEmpty()) {
            return logData;
        }
        if (isSecretVariable(variable)) {
            return MARK;
        }
        if (matchedValue == null || matchedValue.isEmpty()) {
            return logData;
        }
        String redacted = matchedValue(variable, matchedValue);
        return redacted == matchedValue ? logData : logData.replace(matchedValue, redacted);
    }

    /** The request target with secret query arguments hidden. */
    String uri(String uri) {
        if (!enabled || uri == null) {
            return uri;
        }
        int q = uri.indexOf('?');
        if (q < 0) {
            return uri;
        }
        String query = uri.substring(q + 1);
        String redacted = pairs(query, '&');
        return redacted == query ? uri : uri.substring(0, q + 1) + redacted;
    }

    /** A request body excerpt with secret values hidden, by the body's Content-Type. */
    String body(String body, String contentType) {
        if (!enabled || body == null || body.isEmpty() || contentType == null) {
            return body;
        }
        String ct = Ascii.lower(contentType.trim());
        if (ct.startsWith("application/x-www-form-urlencoded")) {
            return pairs(body, '&');
        }
        if (ct.startsWith("multipart/form-data")) {
            String boundary = boundary(contentType);
            return boundary == null ? body : multipart(body, boundary);
        }
        int semi = ct.indexOf(';');
        String mime = semi < 0 ? ct : ct.substring(0, semi).trim();
        if (mime.endsWith("/json") || mime.endsWith("+json")) {
            return json(body);
        }
        return body;
    }

    // ---- name=value pairs ----

    /** Hides the values of secret names in {@code name=value} pairs separated by {@code separator}. */
    String pairs(String text, char separator) {
        StringBuilder out = null;
        int start = 0;
        int n = text.length();
        while (start <= n) {
            int end = text.indexOf(separator, start);
            if (end < 0) {
                end = n;
            }
            int eq = text.indexOf('=', start);
            if (eq >= 0 && eq < end && end > eq + 1 && isSecretName(urlDecodeName(text, start, eq))) {
                if (out == null) {
                    out = new StringBuilder(n).append(text, 0, start);
                }
                out.append(text, start, eq + 1).append(MARK);
            } else if (out != null) {
                out.append(text, start, end);
            }
            if (end < n && out != null) {
                out.append(separator);
            }
            start = end + 1;
        }
        return out == null ? text : out.toString();
    }

    /** The name as the application sees it: {@code +} and {@code %XX} decoded as {@code t:urlDecode} does. */
    private static String urlDecodeName(String s, int from, int to) {
        return URL_DECODE.apply(s.substring(from, to));
    }

    // ---- JSON ----

    /**
     * Hides the values of secret keys in JSON text: any string followed by {@code :} is a key; its value (string,
     * number, literal, or a whole object or array) becomes the string {@value #MARK}.
     */
    String json(String text) {
        StringBuilder out = null;
        int copied = 0;
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c != '"') {
                i++;
                continue;
            }
            int keyEnd = stringEnd(text, i);
            if (keyEnd >= n) {
                break;
            }
            int colon = skipBlanks(text, keyEnd + 1);
            if (colon >= n || text.charAt(colon) != ':') {
                i = keyEnd + 1;
                continue;
            }
            int valueStart = skipBlanks(text, colon + 1);
            if (valueStart >= n || !isSecretName(text.substring(i + 1, keyEnd))) {
                i = colon + 1;
                continue;
            }
            int valueEnd = jsonValueEnd(text, valueStart);
            if (out == null) {
                out = new StringBuilder(n);
            }
            out.append(text, copied, valueStart).append('"').append(MARK).append('"');
            copied = valueEnd;
            i = valueEnd;
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copied, n).toString();
    }

    /** Index of the closing quote of the string opening at {@code open}, or the text's length if it is cut. */
    private static int stringEnd(String s, int open) {
        int n = s.length();
        for (int i = open + 1; i < n; i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return n;
    }

    private static int skipBlanks(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\n'
                || s.charAt(i) == '\r')) {
            i++;
        }
        return i;
    }

    /** Index just after the JSON value starting at {@code start} (the text's end if it is cut). */
    private static int jsonValueEnd(String s, int start) {
        int n = s.length();
        char c = s.charAt(start);
        if (c == '"') {
            return Math.min(n, stringEnd(s, start) + 1);
        }
        if (c == '{' || c == '[') {
            int depth = 0;
            for (int i = start; i < n; i++) {
                char d = s.charAt(i);
                if (d == '"') {
                    i = stringEnd(s, i);
                } else if (d == '{' || d == '[') {
                    depth++;
                } else if (d == '}' || d == ']') {
                    depth--;
                    if (depth == 0) {
                        return i + 1;
                    }
                }
            }
            return n;
        }
        int i = start;
        while (i < n && ",}] \t\r\n".indexOf(s.charAt(i)) < 0) {
            i++;
        }
        return i;
    }

    // ---- multipart ----

    /** The {@code boundary} parameter of a multipart Content-Type, unquoted, or null. */
    static String boundary(String contentType) {
        String lower = Ascii.lower(contentType);
        int at = lower.indexOf("boundary=");
        if (at < 0) {
            return null;
        }
        int start = at + "boundary=".length();
        if (start < contentType.length() && contentType.charAt(start) == '"') {
            int end = contentType.indexOf('"', start + 1);
            return end < 0 ? null : contentType.substring(start + 1, end);
        }
        int end = start;
        while (end < contentType.length() && contentType.charAt(end) != ';' && contentType.charAt(end) != ' ') {
            end++;
        }
        return end == start ? null : contentType.substring(start, end);
    }

    /** Hides the content of parts whose {@code name} is secret. */
    String multipart(String body, String boundary) {
        String delimiter = "--" + boundary;
        StringBuilder out = null;
        int copied = 0;
        int part = body.indexOf(delimiter);
        while (part >= 0) {
            int headersStart = part + delimiter.length();
            int next = body.indexOf(delimiter, headersStart);
            int headersEnd = body.indexOf("\r\n\r\n", headersStart);
            int sepLength = 4;
            int lf = body.indexOf("\n\n", headersStart);
            if (lf >= 0 && (headersEnd < 0 || lf < headersEnd)) {
                headersEnd = lf;
                sepLength = 2;
            }
            if (headersEnd < 0 || (next >= 0 && headersEnd > next)) {
                part = next;
                continue;
            }
            String name = dispositionName(body.substring(headersStart, headersEnd));
            if (name != null && isSecretName(name)) {
                int contentStart = headersEnd + sepLength;
                int contentEnd = next < 0 ? body.length() : lineBreakBefore(body, next, contentStart);
                if (out == null) {
                    out = new StringBuilder(body.length());
                }
                out.append(body, copied, contentStart).append(MARK);
                copied = contentEnd;
            }
            part = next;
        }
        if (out == null) {
            return body;
        }
        return out.append(body, copied, body.length()).toString();
    }

    /** The line break that belongs to the delimiter at {@code delimiter} (CRLF or LF), not to the content. */
    private static int lineBreakBefore(String body, int delimiter, int floor) {
        int end = delimiter;
        if (end - 1 >= floor && body.charAt(end - 1) == '\n') {
            end--;
            if (end - 1 >= floor && body.charAt(end - 1) == '\r') {
                end--;
            }
        }
        return end;
    }

    /** The {@code name} parameter of the part's Content-Disposition header, or null. */
    private static String dispositionName(String headers) {
        String lower = Ascii.lower(headers);
        int at = lower.indexOf("content-disposition:");
        if (at < 0) {
            return null;
        }
        int lineEnd = lower.indexOf('\n', at);
        String line = lower.substring(at, lineEnd < 0 ? lower.length() : lineEnd);
        int name = -1;
        for (int i = line.indexOf("name="); i >= 0; i = line.indexOf("name=", i + 1)) {
            // "name=", not the end of "filename="
            char before = line.charAt(i - 1);
            if (before == ';' || before == ' ' || before == '\t') {
                name = i + "name=".length();
                break;
            }
        }
        if (name < 0) {
            return null;
        }
        String original = headers.substring(at, lineEnd < 0 ? headers.length() : lineEnd);
        if (name < original.length() && original.charAt(name) == '"') {
            int end = original.indexOf('"', name + 1);
            return original.substring(name + 1, end < 0 ? original.length() : end);
        }
        int end = name;
        while (end < original.length() && original.charAt(end) != ';' && original.charAt(end) != '\r') {
            end++;
        }
        return original.substring(name, end).trim();
    }
}
