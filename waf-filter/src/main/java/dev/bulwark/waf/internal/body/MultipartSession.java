package dev.bulwark.waf.internal.body;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;

/**
 * One multipart/form-data parse in progress (push style): {@link #feed} body bytes as they come, then {@link #finish}.
 * Created by {@link MultipartParser#start(String)}. Not thread-safe; use it from one request thread.
 *
 * <p>The body is cut into "buffers" the way ModSecurity v2 does it: a buffer ends after a LF, or when it holds 4096
 * bytes (a CR is never left as the last byte of a full buffer). Each buffer is then handled:
 * <ul>
 *   <li>Starting a line, longer than 3 bytes and starting with {@code --}: if {@code --boundary} follows, it is a
 *       boundary line, which must end right there (optionally after {@code --}, the final boundary) with CRLF or LF,
 *       else the body is invalid. A boundary where a part's data should begin (the part has no data line yet) is not
 *       taken as a boundary and raises {@link MultipartFlag#INVALID_PART}. Any other {@code --} line raises
 *       {@link MultipartFlag#UNMATCHED_BOUNDARY}, except our boundary in quotes or after whitespace, which are errors.
 *       </li>
 *   <li>Any other line containing {@code --boundary} raises {@link MultipartFlag#UNMATCHED_BOUNDARY}.</li>
 *   <li>Before the first boundary: ignored, {@link MultipartFlag#DATA_BEFORE}.</li>
 *   <li>In a part's header section: a header line (must fit in one buffer; no NUL byte; a name of bytes 33..126
 *       before a colon; no duplicate names, ASCII case ignored); a line starting with whitespace continues the
 *       previous header ({@link MultipartFlag#HEADER_FOLDING}, and {@link MultipartFlag#INVALID_HEADER_FOLDING} when
 *       that whitespace is not only spaces and tabs); an empty line ends the headers, and Content-Disposition must
 *       then be {@code form-data} with a {@code name} (and optional {@code filename}) parameter. Each header line
 *       records its ending: {@link MultipartFlag#CRLF_LINE} or {@link MultipartFlag#LF_LINE}.</li>
 *   <li>In a part's data: appended to the field value or counted as file content. The line ending before a
 *       boundary belongs to the boundary, so a buffer's trailing CRLF/LF is held back until more data follows.</li>
 *   <li>After the final boundary line, any further byte raises {@link MultipartFlag#DATA_AFTER} and is ignored. (In
 *       ModSecurity, data arriving in a later network chunk raises DATA_BEFORE instead; Bulwark does not depend on how
 *       the body was chunked.)</li>
 * </ul>
 * The first error stops the parse; its message is ModSecurity's, prefixed {@code "Multipart parsing error: "} as in
 * REQBODY_ERROR_MSG. At the end, a final boundary without a line ending is accepted; otherwise a body that was not
 * completed is an error ("Final boundary missing", or "No boundaries found in payload"). An empty body is not an
 * error.
 */
public final class MultipartSession {

    /** ModSecurity's MULTIPART_BUF_SIZE. */
    static final int BUFFER_SIZE = 4096;

    private static final String ERROR_PREFIX = "Multipart parsing error: ";

    private final MultipartLimits limits;
    private final byte[] boundary;
    private final EnumSet<MultipartFlag> flags;
    private final List<MultipartPart> parts = new ArrayList<>();

    private String error;
    private boolean parseFailed;
    private String lastName;
    private String lastFilename;
    private long noFilesLength;
    /** Body bytes taken into buffers so far: the offset of the next byte (part data offsets are counted with it). */
    private long consumed;

    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int bufferLength;
    private boolean bufferStartsLine = true;
    // 0: other byte last, 1: CR last, 2: bare LF last, 3: CRLF last; and its value when the last buffer ended.
    private int lineEndState;
    private int lineEndStateAtBufferEnd;

    private PartBuilder part;
    private boolean inPartData;
    private boolean partDataRead;
    private final byte[] reserve = new byte[2];
    private int reserveLength;
    private int boundaryCount;
    private boolean complete;
    private boolean seenData;
    private boolean finished;
    private int filesWithContent;
    private long combinedFileSize;
    private MultipartResult result;

    MultipartSession(MultipartLimits limits, String boundary, EnumSet<MultipartFlag> flags, String initError) {
        this.limits = limits;
        this.boundary = boundary == null ? null : boundary.getBytes(StandardCharsets.ISO_8859_1);
        this.flags = flags;
        if (initError != null) {
            // ModSecurity reports Content-Type problems without the "parsing error" prefix.
            this.error = initError;
            this.parseFailed = true;
        }
    }

    /** Feeds the next body bytes. Bytes after an error are ignored. */
    public void feed(byte[] data, int offset, int length) {
        if (finished) {
            throw new IllegalStateException("feed() after finish()");
        }
        if (offset < 0 || length < 0 || offset > data.length - length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + ", array " + data.length);
        }
        if (error != null || length == 0) {
            return;
        }
        seenData = true;
        if (complete) {
            flags.add(MultipartFlag.DATA_AFTER);
            return;
        }
        int i = offset;
        int end = offset + length;
        while (i < end) {
            // Fast path: a run of bytes that are neither CR nor LF only fills the buffer (file contents are mostly
            // that). It is handled exactly as byte by byte below would: the buffer is processed when it fills up.
            int room = BUFFER_SIZE - bufferLength;
            int runEnd = Math.min(end, i + room);
            int j = i;
            while (j < runEnd && data[j] != '\n' && data[j] != '\r') {
                j++;
            }
            int run = j - i;
            if (run > 0) {
                System.arraycopy(data, i, buffer, bufferLength, run);
                // the state before the run's last byte: that byte's predecessor is in the run when it has two bytes
                int beforeLast = run >= 2 ? 0 : lineEndState;
                bufferLength += run;
                consumed += run;
                i = j;
                lineEndState = 0;
                if (bufferLength == BUFFER_SIZE) {
                    if (!processBuffer(false)) {
                        return;
                    }
                    bufferLength = 0;
                    bufferStartsLine = false;
                    lineEndStateAtBufferEnd = beforeLast;
                }
                if (complete && i < end) {
                    flags.add(MultipartFlag.DATA_AFTER);
                    return;
                }
                continue;
            }
            byte c = data[i];
            boolean flushBeforeCr = false;
            if (c == '\r' && bufferLength == BUFFER_SIZE - 1) {
                flushBeforeCr = true; // keep CR and LF together in the next buffer
            } else {
                i++;
                buffer[bufferLength++] = c;
                consumed++;
            }
            if (c == '\n' || bufferLength == BUFFER_SIZE || flushBeforeCr) {
                if (!processBuffer(flushBeforeCr)) {
                    return;
                }
                bufferLength = 0;
                bufferStartsLine = c == '\n';
                if (c == '\n') {
                    lineEndState = lineEndState == 1 ? 3 : 2;
                }
                lineEndStateAtBufferEnd = lineEndState;
            }
            if (c == '\r') {
                lineEndState = 1;
            } else if (c != '\n') {
                lineEndState = 0;
            }
            if (complete && i < end) {
                flags.add(MultipartFlag.DATA_AFTER);
                return;
            }
        }
    }

    /**
     * Bytes counted so far against {@code SecRequestBodyNoFilesLimit} (part header lines and form field data), so a
     * caller feeding a large body can stop early.
     */
    public long noFilesLength() {
        return noFilesLength;
    }

    /** Ends the body and returns the result; further calls return the same result. */
    public MultipartResult finish() {
        if (!finished) {
            finished = true;
            if (error == null && seenData && !complete) {
                if (boundaryCount > 0) {
                    if (bufferStartsLine && isFinalBoundaryWithoutLineEnd()) {
                        if (lineEndStateAtBufferEnd == 2) {
                            flags.add(MultipartFlag.LF_LINE);
                        }
                        if (!partDataRead) {
                            flags.add(MultipartFlag.INVALID_PART);
                        }
                        if (processBoundary(true)) {
                            complete = true;
                        }
                    }
                    if (!complete && error == null) {
                        error = ERROR_PREFIX + "Multipart: Final boundary missing.";
                    }
                } else {
                    error = ERROR_PREFIX + "Multipart: No boundaries found in payload.";
                }
            }
            result = new MultipartResult(boundary == null ? null : ByteStrings.of(boundary, 0, boundary.length),
                    parts, flags, parseFailed, error, lastName, lastFilename, noFilesLength);
        }
        return result;
    }

    private boolean isFinalBoundaryWithoutLineEnd() {
        int b = boundary.length;
        return bufferLength == b + 4 && buffer[0] == '-' && buffer[1] == '-' && boundaryAt(2)
                && buffer[b + 2] == '-' && buffer[b + 3] == '-';
    }

    /** Handles one buffer; false when it ended the parse with an error. */
    private boolean processBuffer(boolean flushedBeforeCr) {
        boolean processedAsBoundary = false;
        int b = boundary.length;
        // (cLength() scans the whole buffer: checked last)
        if (bufferStartsLine && bufferLength > 3 && buffer[0] == '-' && buffer[1] == '-' && cLength() > 3) {
            if (boundaryAt(2)) {
                if (lineEndStateAtBufferEnd == 2) {
                    flags.add(MultipartFlag.LF_LINE);
                }
                if (!partDataRead && boundaryCount > 0) {
                    // Our boundary where the part's data should begin: not taken as a boundary.
                    flags.add(MultipartFlag.INVALID_PART);
                } else {
                    int after = 2 + b;
                    boolean isFinal = false;
                    if (byteAt(after) == '-' && byteAt(after + 1) == '-') {
                        isFinal = true;
                        after += 2;
                        if (complete) {
                            return fail("Multipart: Invalid boundary (final duplicate).");
                        }
                    }
                    int rest = bufferLength - after;
                    if (rest == 2 && buffer[after] == '\r' && buffer[after + 1] == '\n') {
                        flags.add(MultipartFlag.CRLF_LINE);
                    } else if (rest == 1 && buffer[after] == '\n') {
                        flags.add(MultipartFlag.LF_LINE);
                    } else {
                        return fail("Multipart: Invalid boundary: " + ByteStrings.escape(buffer, 0, bufferLength));
                    }
                    if (!processBoundary(isFinal)) {
                        return false;
                    }
                    if (isFinal) {
                        complete = true;
                    }
                    processedAsBoundary = true;
                    boundaryCount++;
                }
            } else {
                if (flags.contains(MultipartFlag.BOUNDARY_QUOTED) && buffer[2] == '"' && boundaryAt(3)) {
                    return fail("Multipart: Invalid boundary (quotes).");
                }
                int p = 2;
                while (p < bufferLength && MultipartParser.isSpace(buffer[p])) {
                    p++;
                }
                if (p != 2 && boundaryAt(p)) {
                    return fail("Multipart: Invalid boundary (whitespace).");
                }
                flags.add(MultipartFlag.UNMATCHED_BOUNDARY);
            }
        } else if (bufferStartsLine) {
            for (int i = 0; i + 1 < bufferLength; i++) {
                if (buffer[i] == '-' && buffer[i + 1] == '-' && boundaryAt(i + 2)) {
                    flags.add(MultipartFlag.UNMATCHED_BOUNDARY);
                    break;
                }
            }
        }

        if (processedAsBoundary) {
            return true;
        }
        if (part == null) {
            flags.add(MultipartFlag.DATA_BEFORE);
            return true;
        }
        if (!inPartData) {
            if (bufferLength == BUFFER_SIZE || flushedBeforeCr) {
                return fail("Multipart: Part header line over " + BUFFER_SIZE + " bytes long");
            }
            return processHeaderLine();
        }
        return processData();
    }

    private boolean processHeaderLine() {
        int len = bufferLength;
        for (int i = 0; i < len; i++) {
            if (buffer[i] == 0) {
                return fail("Multipart: Nul byte in part headers.");
            }
        }
        noFilesLength += len;
        if (len > 1 && buffer[len - 2] == '\r') {
            flags.add(MultipartFlag.CRLF_LINE);
        } else {
            flags.add(MultipartFlag.LF_LINE);
        }

        if ((len == 2 && buffer[0] == '\r' && buffer[1] == '\n') || (len == 1 && buffer[0] == '\n')) {
            return endOfHeaders();
        }

        if (MultipartParser.isSpace(buffer[0])) {
            flags.add(MultipartFlag.HEADER_FOLDING);
            if (buffer[0] != '\t' && buffer[0] != ' ') {
                flags.add(MultipartFlag.INVALID_HEADER_FOLDING);
            }
            if (part.lastHeaderName == null) {
                return fail("Multipart: Invalid part header (folding error).");
            }
            int data = 0;
            while (data < len && MultipartParser.isSpace(buffer[data])) {
                if (buffer[data] != '\t' && buffer[data] != ' ') {
                    flags.add(MultipartFlag.INVALID_HEADER_FOLDING);
                }
                data++;
            }
            String continuation = withoutLineEnd(ByteStrings.of(buffer, data, len - data));
            String value = part.header(part.lastHeaderName) + " " + continuation;
            part.setHeader(part.lastHeaderName, value);
            if (value.length() > BUFFER_SIZE) {
                return fail("Multipart: Part header too long.");
            }
            part.lastHeaderLine = part.lastHeaderName + ": " + value;
            return true;
        }

        if (part.lastHeaderLine != null) {
            part.headerLines.add(part.lastHeaderLine);
        }
        String line = ByteStrings.of(buffer, 0, len);
        part.lastHeaderLine = withoutLineEnd(line);
        int colon = line.indexOf(':');
        if (colon < 0) {
            return fail("Multipart: Invalid part header (colon missing): " + ByteStrings.escape(buffer, 0, len) + ".");
        }
        if (colon == 0) {
            return fail("Multipart: Invalid part header (header name missing).");
        }
        for (int i = 0; i < colon; i++) {
            int c = buffer[i] & 0xFF;
            if (c < 33 || c > 126) {
                return fail("Multipart: Invalid part header (contains invalid character).");
            }
        }
        String name = line.substring(0, colon);
        int valueStart = colon + 1;
        while (valueStart < len && (buffer[valueStart] == ' ' || buffer[valueStart] == '\t')) {
            valueStart++;
        }
        String value = withoutLineEnd(line.substring(valueStart));
        if (part.header(name) != null) {
            return fail("Multipart: Duplicate part header: " + ByteStrings.escape(name) + ".");
        }
        part.addHeader(name, value);
        part.lastHeaderName = name;
        return true;
    }

    private boolean endOfHeaders() {
        String disposition = part.header("Content-Disposition");
        if (disposition == null) {
            return fail("Multipart: Part missing Content-Disposition header.");
        }
        int rc = parseContentDisposition(disposition);
        if (rc < 0) {
            return fail("Multipart: Invalid Content-Disposition header (" + rc + "): "
                    + ByteStrings.escape(disposition) + ".");
        }
        if (part.name == null) {
            return fail("Multipart: Content-Disposition header missing name field.");
        }
        if (part.filename != null) {
            // Catch parsers that would not have understood this Content-Disposition the way we did.
            if (!disposition.contains("filename=")) {
                return fail("Multipart: Invalid Content-Disposition header (filename).");
            }
            part.file = true;
        }
        inPartData = true;
        partDataRead = false;
        // This empty line is the last byte taken so far: the data starts right after it.
        part.dataOffset = consumed;
        part.lastHeaderName = null;
        if (part.lastHeaderLine != null) {
            part.headerLines.add(part.lastHeaderLine);
        }
        return true;
    }

    /**
     * Parses {@code form-data[; name=value]*} where the names are {@code name} and {@code filename}; values are tokens
     * or quoted strings (double quotes; single quotes accepted but flagged). Returns 1, or ModSecurity's negative code.
     */
    private int parseContentDisposition(String v) {
        int n = v.length();
        if (!v.startsWith("form-data")) {
            return -1;
        }
        int p = skipBlanks(v, 9);
        if (p == n) {
            return 1;
        }
        if (v.charAt(p) != ';') {
            return -2;
        }
        p++;
        while (p < n) {
            p = skipBlanks(v, p);
            if (p == n) {
                return -3;
            }
            int start = p;
            while (p < n && v.charAt(p) != '=' && v.charAt(p) != '\t' && v.charAt(p) != ' ') {
                p++;
            }
            if (p == n) {
                return -4;
            }
            String parameter = v.substring(start, p);
            p = skipBlanks(v, p);
            if (p == n) {
                return -5;
            }
            if (v.charAt(p) != '=') {
                return -13;
            }
            p = skipBlanks(v, p + 1);
            if (p == n) {
                return -6;
            }
            char quote = 0;
            String value;
            char first = v.charAt(p);
            if (first == '"' || first == '\'') {
                quote = first;
                if (quote == '\'') {
                    flags.add(MultipartFlag.INVALID_QUOTING);
                }
                p++;
                if (p == n) {
                    return -7;
                }
                StringBuilder out = new StringBuilder();
                while (p < n) {
                    char c = v.charAt(p);
                    if (c == '\\') {
                        if (p + 1 == n) {
                            return -8;
                        }
                        char next = v.charAt(p + 1);
                        if (next == quote || next == '\\') {
                            p++; // the escaped character is copied below; any other backslash is kept (IE sends them)
                        }
                    } else if (c == quote) {
                        break;
                    }
                    out.append(v.charAt(p));
                    p++;
                }
                if (p == n) {
                    return -10;
                }
                p++;
                value = out.toString();
            } else {
                start = p;
                while (p < n && isTokenChar(v.charAt(p))) {
                    p++;
                }
                value = v.substring(start, p);
            }

            if (parameter.equals("name")) {
                flagSingleQuotes(value, quote);
                lastName = value;
                if (part.name != null) {
                    return -14;
                }
                part.name = value;
            } else if (parameter.equals("filename")) {
                flagSingleQuotes(value, quote);
                lastFilename = value;
                if (part.filename != null) {
                    return -15;
                }
                part.filename = value;
            } else {
                return -11;
            }

            if (p < n) {
                p = skipBlanks(v, p);
                if (p == n) {
                    return 1;
                }
                if (v.charAt(p) != ';') {
                    char before = v.charAt(p - 1);
                    if (before == '\'' || before == '"') {
                        flags.add(MultipartFlag.INVALID_QUOTING);
                    }
                    return -12;
                }
                p++;
            }
        }
        return 1;
    }

    /** A single quote inside a value that was not in double quotes is suspicious (some back ends quote with it). */
    private void flagSingleQuotes(String value, char quote) {
        if (quote != '"' && value.indexOf('\'') >= 0) {
            flags.add(MultipartFlag.INVALID_QUOTING);
        }
    }

    private static int skipBlanks(String v, int p) {
        while (p < v.length() && (v.charAt(p) == ' ' || v.charAt(p) == '\t')) {
            p++;
        }
        return p;
    }

    /** An RFC 2616 token character as ModSecurity's {@code is_token_char} defines it. */
    private static boolean isTokenChar(char c) {
        return c > 32 && c < 127 && "()<>@,;:\\\"/[]?=".indexOf(c) < 0;
    }

    private boolean processData() {
        partDataRead = true;
        int n = bufferLength;
        int held = 0;
        if (n >= 1 && buffer[n - 1] == '\n') {
            held = n >= 2 && buffer[n - 2] == '\r' ? 2 : 1;
            n -= held;
        }
        if (part.file) {
            if (!part.hasContent) {
                part.hasContent = true;
                filesWithContent++;
                if (filesWithContent > limits.maxFiles()) {
                    flags.add(MultipartFlag.FILE_LIMIT_EXCEEDED);
                    part.keepPrefix = false;
                }
            }
            if (!appendFileContent(reserve, reserveLength) || !appendFileContent(buffer, n)) {
                return false;
            }
        } else {
            noFilesLength += reserveLength + n;
            part.value.append(reserve, reserveLength);
            part.value.append(buffer, n);
        }
        // The held-back line ending belongs to the next boundary unless more data follows.
        reserveLength = held;
        if (held > 0) {
            System.arraycopy(buffer, n, reserve, 0, held);
        }
        return true;
    }

    private boolean appendFileContent(byte[] bytes, int length) {
        if (length == 0) {
            return true;
        }
        part.size += length;
        combinedFileSize += length;
        if (part.size > limits.maxFileSize()) {
            return fail("Multipart: File size limit exceeded (limit " + limits.maxFileSize() + " bytes).");
        }
        if (combinedFileSize > limits.maxCombinedFileSize()) {
            return fail("Multipart: Combined file size limit exceeded (limit " + limits.maxCombinedFileSize()
                    + " bytes).");
        }
        if (part.keepPrefix) {
            int room = limits.fileContentPrefix() - part.value.length();
            if (room > 0) {
                part.value.append(bytes, Math.min(room, length));
            }
        }
        return true;
    }

    /** Closes the part being built (kept if it has a name) and, unless final, opens the next one. */
    private boolean processBoundary(boolean isFinal) {
        if (part != null) {
            if (part.name != null) {
                if (parts.size() >= limits.maxParts()) {
                    return fail("Multipart: Too many parts (limit " + limits.maxParts() + ").");
                }
                parts.add(part.build());
            } else {
                flags.add(MultipartFlag.INVALID_PART);
            }
            part = null;
        }
        if (!isFinal) {
            part = new PartBuilder();
            inPartData = false;
            partDataRead = false;
            reserveLength = 0;
        }
        return true;
    }

    private boolean fail(String message) {
        error = ERROR_PREFIX + message;
        parseFailed = true;
        return false;
    }

    /** {@code strlen()} of the buffer: ModSecurity looks at it as a NUL-terminated string in some checks. */
    private int cLength() {
        for (int i = 0; i < bufferLength; i++) {
            if (buffer[i] == 0) {
                return i;
            }
        }
        return bufferLength;
    }

    /** The buffer byte at {@code i}, or 0 past its end (the C string terminator). */
    private int byteAt(int i) {
        return i < bufferLength ? buffer[i] : 0;
    }

    /** True when the boundary's bytes are at {@code at} in the buffer. */
    private boolean boundaryAt(int at) {
        int b = boundary.length;
        if (at + b > bufferLength) {
            return false;
        }
        return Arrays.equals(buffer, at, at + b, boundary, 0, b);
    }

    /** Drops a trailing LF or CRLF. */
    private static String withoutLineEnd(String s) {
        int n = s.length();
        if (n > 0 && s.charAt(n - 1) == '\n') {
            n--;
            if (n > 0 && s.charAt(n - 1) == '\r') {
                n--;
            }
        }
        return n == s.length() ? s : s.substring(0, n);
    }

    /** ASCII-only case-insensitive comparison (C {@code strcasecmp} in the "C" locale). */
    static boolean equalsIgnoreAsciiCase(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (x >= 'A' && x <= 'Z') {
                    x = (char) (x + 32);
                }
                if (y >= 'A' && y <= 'Z') {
                    y = (char) (y + 32);
                }
                if (x != y) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A part under construction. */
    private static final class PartBuilder {
        String name;
        String filename;
        boolean file;
        boolean hasContent;
        boolean keepPrefix = true;
        long size;
        long dataOffset = -1;
        final List<String> headerNames = new ArrayList<>(4);
        final List<String> headerValues = new ArrayList<>(4);
        final List<String> headerLines = new ArrayList<>(4);
        String lastHeaderName;
        String lastHeaderLine;
        /** A form field's value, or a file's kept content prefix. */
        final ByteBuilder value = new ByteBuilder();

        String header(String headerName) {
            for (int i = 0; i < headerNames.size(); i++) {
                if (equalsIgnoreAsciiCase(headerNames.get(i), headerName)) {
                    return headerValues.get(i);
                }
            }
            return null;
        }

        void addHeader(String headerName, String headerValue) {
            headerNames.add(headerName);
            headerValues.add(headerValue);
        }

        void setHeader(String headerName, String headerValue) {
            for (int i = 0; i < headerNames.size(); i++) {
                if (equalsIgnoreAsciiCase(headerNames.get(i), headerName)) {
                    headerValues.set(i, headerValue);
                    return;
                }
            }
            addHeader(headerName, headerValue);
        }

        MultipartPart build() {
            if (file) {
                return new MultipartPart(name, filename, headerNames, headerValues, headerLines, null, size,
                        value.toByteString(), dataOffset);
            }
            String fieldValue = value.toByteString();
            return new MultipartPart(name, null, headerNames, headerValues, headerLines, fieldValue,
                    fieldValue.length(), "", dataOffset);
        }
    }

    /** A growable byte buffer that ends as a byte string. */
    private static final class ByteBuilder {
        private byte[] bytes = new byte[0];
        private int length;

        void append(byte[] source, int count) {
            if (count == 0) {
                return;
            }
            if (length + count > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(length + count, Math.max(64, bytes.length * 2)));
            }
            System.arraycopy(source, 0, bytes, length, count);
            length += count;
        }

        int length() {
            return length;
        }

        String toByteString() {
            return ByteStrings.of(bytes, 0, length);
        }
    }
}
