package dev.bulwark.waf.internal.body;

/**
 * The anomaly flags the multipart parser raises, one per ModSecurity v2 variable ({@link #variable()}). They describe
 * how the body was written, not whether it could be parsed: most of them also make {@code MULTIPART_STRICT_ERROR} 1
 * ({@link #strict()}), which CRS deployments usually deny (rule 200003).
 */
public enum MultipartFlag {

    /** The Content-Type boundary parameter was quoted ({@code boundary="x"}). */
    BOUNDARY_QUOTED(true),
    /** Whitespace around the {@code =} of the Content-Type boundary parameter. */
    BOUNDARY_WHITESPACE(true),
    /** Bytes before the first boundary (a preamble). */
    DATA_BEFORE(true),
    /** Bytes after the final boundary line (an epilogue). */
    DATA_AFTER(true),
    /** A part header continued on a line starting with whitespace. */
    HEADER_FOLDING(true),
    /** A line ended with a bare LF instead of CRLF. */
    LF_LINE(true),
    /** A line ended with CRLF (not strict by itself; with {@link #LF_LINE} it means MULTIPART_CRLF_LF_LINES). */
    CRLF_LINE(false),
    /** No semicolon between {@code multipart/form-data} and {@code boundary}. */
    MISSING_SEMICOLON(true),
    /** Single quotes in a Content-Disposition value, or a quote directly before a bad separator. */
    INVALID_QUOTING(true),
    /** A boundary where part data should begin, or a part without a name. */
    INVALID_PART(true),
    /** A folded header line started with whitespace other than space or tab. */
    INVALID_HEADER_FOLDING(true),
    /** More file parts than the configured file limit. */
    FILE_LIMIT_EXCEEDED(true),
    /** A line that looks like a boundary but is not ours, or our boundary inside a line. */
    UNMATCHED_BOUNDARY(false);

    private final boolean strict;

    MultipartFlag(boolean strict) {
        this.strict = strict;
    }

    /** True when the flag makes MULTIPART_STRICT_ERROR 1. */
    public boolean strict() {
        return strict;
    }

    /** The SecLang variable that exposes the flag, e.g. {@code MULTIPART_LF_LINE}. */
    public String variable() {
        return "MULTIPART_" + name();
    }
}
