package dev.bulwark.waf.internal.body;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What {@link MultipartParser} found: the completed parts, the anomaly flags, and the error (if any) in the exact form
 * ModSecurity v2 puts into REQBODY_ERROR_MSG. The engine maps it onto the variables:
 * <ul>
 *   <li>REQBODY_ERROR = {@link #hasError()}, REQBODY_ERROR_MSG = {@link #errorMessage()};</li>
 *   <li>ARGS_POST: {@link #emitArguments(ArgumentSink)} (nothing when there was an error, as in ModSecurity);</li>
 *   <li>FILES / FILES_NAMES / FILES_SIZES / FILES_COMBINED_SIZE and MULTIPART_PART_HEADERS: {@link #parts()}, which
 *       keeps every part completed before an error, as ModSecurity does;</li>
 *   <li>MULTIPART_STRICT_ERROR = {@link #strictError()}, MULTIPART_CRLF_LF_LINES = {@link #crlfLfLines()}, every other
 *       MULTIPART_* flag = {@link #flag(MultipartFlag)}; MULTIPART_NAME / MULTIPART_FILENAME = {@link #lastName()} /
 *       {@link #lastFilename()}.</li>
 * </ul>
 * Immutable.
 */
public final class MultipartResult {

    private final String boundary;
    private final List<MultipartPart> parts;
    private final Set<MultipartFlag> flags;
    private final boolean parseFailed;
    private final String errorMessage;
    private final String lastName;
    private final String lastFilename;
    private final long noFilesLength;

    MultipartResult(String boundary, List<MultipartPart> parts, EnumSet<MultipartFlag> flags, boolean parseFailed,
            String errorMessage, String lastName, String lastFilename, long noFilesLength) {
        this.boundary = boundary;
        this.parts = List.copyOf(parts);
        this.flags = Collections.unmodifiableSet(EnumSet.copyOf(flags));
        this.parseFailed = parseFailed;
        this.errorMessage = errorMessage;
        this.lastName = lastName;
        this.lastFilename = lastFilename;
        this.noFilesLength = noFilesLength;
    }

    /** The boundary taken from the Content-Type, or null when the Content-Type was rejected. */
    public String boundary() {
        return boundary;
    }

    /** Every part completed (closed by a boundary), in body order, including those before an error. */
    public List<MultipartPart> parts() {
        return parts;
    }

    /** The raised anomaly flags. */
    public Set<MultipartFlag> flags() {
        return flags;
    }

    public boolean flag(MultipartFlag flag) {
        return flags.contains(flag);
    }

    /** MULTIPART_STRICT_ERROR: a parse failure inside the parser, or any strict flag. */
    public boolean strictError() {
        if (parseFailed) {
            return true;
        }
        for (MultipartFlag flag : flags) {
            if (flag.strict()) {
                return true;
            }
        }
        return false;
    }

    /** MULTIPART_CRLF_LF_LINES: both CRLF and bare LF line endings were used. */
    public boolean crlfLfLines() {
        return flags.contains(MultipartFlag.LF_LINE) && flags.contains(MultipartFlag.CRLF_LINE);
    }

    /** REQBODY_ERROR. */
    public boolean hasError() {
        return errorMessage != null;
    }

    /** REQBODY_ERROR_MSG, or null. */
    public String errorMessage() {
        return errorMessage;
    }

    /** MULTIPART_NAME: the last Content-Disposition {@code name} seen, or null. */
    public String lastName() {
        return lastName;
    }

    /** MULTIPART_FILENAME: the last Content-Disposition {@code filename} seen, or null. */
    public String lastFilename() {
        return lastFilename;
    }

    /** Bytes ModSecurity counts against SecRequestBodyNoFilesLimit: part header lines and form field data. */
    public long noFilesLength() {
        return noFilesLength;
    }

    /** FILES_COMBINED_SIZE. */
    public long combinedFileSize() {
        long total = 0;
        for (MultipartPart part : parts) {
            if (part.isFile()) {
                total += part.size();
            }
        }
        return total;
    }

    /**
     * The value of the {@code _charset_} form field (RFC 7578 section 4.6: the default charset of the other fields),
     * if there is one (name compared ignoring ASCII case, as rules look it up). It is only reported, as in
     * ModSecurity v2: field values are not transcoded.
     */
    public Optional<String> charset() {
        for (MultipartPart part : parts) {
            if (!part.isFile() && MultipartSession.equalsIgnoreAsciiCase(part.name(), "_charset_")) {
                return Optional.of(part.value());
            }
        }
        return Optional.empty();
    }

    /** Sends the form fields (not files) to {@code sink} in body order, unless the body had an error. */
    public void emitArguments(ArgumentSink sink) {
        if (hasError()) {
            return;
        }
        for (MultipartPart part : parts) {
            if (!part.isFile()) {
                sink.argument(part.name(), part.value());
            }
        }
    }
}
