package dev.bulwark.waf.internal.body;

import java.io.IOException;
import java.io.InputStream;
import java.util.EnumSet;

/**
 * The multipart/form-data request body processor (REQBODY_PROCESSOR=MULTIPART), following ModSecurity v2's
 * {@code msc_multipart.c} semantics for everything CRS reads: boundary extraction from the Content-Type, part
 * headers, form fields, files, and every MULTIPART_* flag.
 *
 * <p>Content-Type checks (an error here means no parts; flags raised here stay): the type must start with
 * {@code multipart/form-data} (ASCII case ignored), be at most 1024 bytes and carry exactly one {@code boundary=}
 * parameter, written in lower case, preceded by nothing but whitespace and one semicolon (no semicolon:
 * {@link MultipartFlag#MISSING_SEMICOLON}). Whitespace around {@code =} raises {@link MultipartFlag#BOUNDARY_WHITESPACE};
 * a value in double quotes raises {@link MultipartFlag#BOUNDARY_QUOTED}. The boundary is the rest of the header (so a
 * parameter after it is part of it and is then rejected for its characters), and must be non-empty, use only RFC 2046
 * boundary characters and not contain the word "boundary".
 *
 * <p>The body is then read line by line through a 4096-byte line buffer, exactly as ModSecurity does, so that long
 * lines, CR/LF handling and what counts as "a line that looks like a boundary" behave the same; see
 * {@link MultipartSession} for the per-line rules and the flags they raise.
 *
 * <p>Example: with {@code Content-Type: multipart/form-data; boundary=b} the body
 * {@code --b\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n--b--\r\n} gives one field {@code a=x},
 * no flags except {@link MultipartFlag#CRLF_LINE}, and no error.
 *
 * <p>Immutable and thread-safe; each parse has its own {@link MultipartSession}.
 */
public final class MultipartParser {

    private static final String MIME_TYPE = "multipart/form-data";
    private static final int MAX_CONTENT_TYPE = 1024;
    private static final int READ_CHUNK = 8192;

    private final MultipartLimits limits;

    public MultipartParser() {
        this(MultipartLimits.DEFAULTS);
    }

    public MultipartParser(MultipartLimits limits) {
        this.limits = limits;
    }

    public MultipartLimits limits() {
        return limits;
    }

    /** Parses a whole body held in memory. */
    public MultipartResult parse(String contentType, byte[] body) {
        MultipartSession session = start(contentType);
        session.feed(body, 0, body.length);
        return session.finish();
    }

    /** Parses a byte string body (one char per byte). */
    public MultipartResult parse(String contentType, String byteStringBody) {
        return parse(contentType, byteStringBody.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    /**
     * Parses a body read from {@code in} (not closed here) in chunks; file contents are never held beyond the
     * configured prefix.
     *
     * @throws IOException only when reading {@code in} fails
     */
    public MultipartResult parse(String contentType, InputStream in) throws IOException {
        MultipartSession session = start(contentType);
        byte[] chunk = new byte[READ_CHUNK];
        int n;
        while ((n = in.read(chunk)) != -1) {
            session.feed(chunk, 0, n);
        }
        return session.finish();
    }

    /**
     * Starts a push parse: check the Content-Type now, then {@link MultipartSession#feed} the body as it arrives and
     * {@link MultipartSession#finish} at its end. A rejected Content-Type gives a session that ignores the body and
     * reports the error.
     */
    public MultipartSession start(String contentType) {
        EnumSet<MultipartFlag> flags = EnumSet.noneOf(MultipartFlag.class);
        try {
            String boundary = boundary(contentType, flags);
            return new MultipartSession(limits, boundary, flags, null);
        } catch (BodyParseException e) {
            return new MultipartSession(limits, null, flags, e.getMessage());
        }
    }

    /** Extracts the boundary from a Content-Type value, raising flags; the exception message is ModSecurity's. */
    static String boundary(String contentType, EnumSet<MultipartFlag> flags) throws BodyParseException {
        if (contentType == null) {
            throw initError("Multipart: Content-Type header not available.");
        }
        if (contentType.length() > MAX_CONTENT_TYPE) {
            throw initError("Multipart: Invalid boundary in C-T (length).");
        }
        if (!contentType.regionMatches(true, 0, MIME_TYPE, 0, MIME_TYPE.length())) {
            throw initError("Multipart: Invalid MIME type.");
        }
        if (countBoundaryParameters(contentType) > 1) {
            throw initError("Multipart: Multiple boundary parameters in C-T.");
        }
        int at = contentType.indexOf("boundary");
        if (at < 0) {
            if (countBoundaryParameters(contentType) > 0) {
                throw initError("Multipart: Invalid boundary in C-T (case sensitivity).");
            }
            throw initError("Multipart: Boundary not found in C-T.");
        }
        boolean seenSemicolon = false;
        for (int i = MIME_TYPE.length(); i < at; i++) {
            char c = contentType.charAt(i);
            if (isSpace(c)) {
                continue;
            }
            if (!seenSemicolon && c == ';') {
                seenSemicolon = true;
            } else {
                throw initError("Multipart: Invalid boundary in C-T (malformed).");
            }
        }
        if (!seenSemicolon) {
            flags.add(MultipartFlag.MISSING_SEMICOLON);
        }
        int nameEnd = at + "boundary".length();
        int equals = contentType.indexOf('=', nameEnd);
        if (equals < 0) {
            throw initError("Multipart: Invalid boundary in C-T (malformed).");
        }
        for (int i = nameEnd; i < equals; i++) {
            if (isSpace(contentType.charAt(i))) {
                flags.add(MultipartFlag.BOUNDARY_WHITESPACE);
            } else {
                throw initError("Multipart: Invalid boundary in C-T (parameter name).");
            }
        }
        String value = contentType.substring(equals + 1);
        int len = value.length();
        if (len > 0 && isSpace(value.charAt(0))) {
            flags.add(MultipartFlag.BOUNDARY_WHITESPACE);
        }
        String boundary;
        if (len >= 2 && value.charAt(0) == '"' && value.charAt(len - 1) == '"') {
            boundary = value.substring(1, len - 1);
            flags.add(MultipartFlag.BOUNDARY_QUOTED);
        } else {
            if ((len > 0 && value.charAt(0) == '"') || (len >= 2 && value.charAt(len - 1) == '"')) {
                throw initError("Multipart: Invalid boundary in C-T (quote).");
            }
            boundary = value;
        }
        if (countBoundaryParameters(boundary) != 0) {
            throw initError("Multipart: Invalid boundary in C-T (content).");
        }
        if (!validBoundaryCharacters(boundary)) {
            throw initError("Multipart: Invalid boundary in C-T (characters).");
        }
        if (boundary.isEmpty()) {
            throw initError("Multipart: Invalid boundary in C-T (empty).");
        }
        return boundary;
    }

    /** How many times "boundary" (any ASCII case) occurs with an '=' somewhere after it. */
    private static int countBoundaryParameters(String s) {
        int count = 0;
        int from = 0;
        while (true) {
            int at = indexOfIgnoreAsciiCase(s, "boundary", from);
            if (at < 0) {
                return count;
            }
            from = at + "boundary".length();
            if (s.indexOf('=', from) >= 0) {
                count++;
            }
        }
    }

    private static int indexOfIgnoreAsciiCase(String s, String lowerNeedle, int from) {
        int last = s.length() - lowerNeedle.length();
        outer:
        for (int i = from; i <= last; i++) {
            for (int j = 0; j < lowerNeedle.length(); j++) {
                char c = s.charAt(i + j);
                if (c >= 'A' && c <= 'Z') {
                    c = (char) (c + 32);
                }
                if (c != lowerNeedle.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** RFC 2046 boundary characters; a space is allowed except as the last character. */
    private static boolean validBoundaryCharacters(String boundary) {
        for (int i = 0; i < boundary.length(); i++) {
            char c = boundary.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
                    || (c == ' ' && i + 1 < boundary.length())
                    || "'()+_,-./:=?".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** C {@code isspace()} in the "C" locale. */
    static boolean isSpace(int c) {
        return c == ' ' || (c >= 0x09 && c <= 0x0D);
    }

    private static BodyParseException initError(String message) {
        return new BodyParseException(message, -1);
    }

    @Override
    public String toString() {
        return "MultipartParser" + limits;
    }
}
