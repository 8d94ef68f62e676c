package dev.bulwark.waf.internal.log;

import dev.bulwark.waf.RuleMatch;
import dev.bulwark.waf.Verdict;

/**
 * Formats log lines in the shape of ModSecurity's error log, so tools that read that log (and go-ftw, which looks
 * for {@code [id "N"]}) work unchanged. One event is always exactly one line: every value is escaped by
 * {@link LogText} and capped.
 *
 * <pre>
 * ModSecurity: Warning. Pattern match "(?i)select" at ARGS:q. [file "/etc/rules.conf"] [line "12"] [id "942100"]
 *   [msg "SQL injection"] [data "..."] [severity "CRITICAL"] [tag "attack-sqli"] [hostname "example.com"]
 *   [uri "/search"] [unique_id "..."]
 * ModSecurity: Access denied with code 403 (phase 2). Pattern match ...
 * </pre>
 * (shown wrapped; each is one line).
 */
public final class ErrorLogFormat {

    /** Longest part of a value kept for rule-defined text (msg, data) and request text (variable, uri, host). */
    static final int MAX_VALUE = 512;
    static final int MAX_OPERATOR = 256;

    private ErrorLogFormat() {}

    /**
     * The line for one match. {@code verdict} is the transaction's verdict: when {@code match} is its cause the line
     * says how the request was stopped, otherwise it is a warning.
     */
    public static String match(RuleMatch match, Verdict verdict, RequestInfo request) {
        StringBuilder b = new StringBuilder(256).append("ModSecurity: ");
        if (match.disruptive() && verdict.isInterrupted()) {
            appendInterruption(b, verdict, match.phase());
        } else {
            b.append("Warning. ");
        }
        appendOperator(b, match);
        field(b, "file", match.location().file());
        field(b, "line", Integer.toString(match.location().line()));
        field(b, "id", Long.toString(match.ruleId()));
        if (!match.message().isEmpty()) {
            field(b, "msg", match.message());
        }
        if (!match.logData().isEmpty()) {
            field(b, "data", match.logData());
        }
        if (match.severityName() != null) {
            field(b, "severity", match.severityName());
        }
        if (match.ver() != null) {
            field(b, "ver", match.ver());
        }
        for (String tag : match.tags()) {
            field(b, "tag", tag);
        }
        return appendRequest(b, request).toString();
    }

    /** The line for a request body over the limit (refused with 413). */
    public static String bodyTooLarge(long limit, boolean declared, RequestInfo request) {
        StringBuilder b = new StringBuilder(160).append("ModSecurity: Request body ")
                .append(declared ? "(Content-Length) " : "")
                .append("is larger than the configured limit (").append(limit).append(").");
        return appendRequest(b, request).toString();
    }

    /**
     * The line for a request body over {@code SecRequestBodyLimit} that was not refused (ProcessPartial, or
     * DetectionOnly): the rules saw its first {@code limit} bytes.
     */
    public static String bodyInspectedInPart(long limit, RequestInfo request) {
        StringBuilder b = new StringBuilder(160)
                .append("ModSecurity: Request body is larger than the configured limit (").append(limit)
                .append("); only its first ").append(limit).append(" bytes were inspected.");
        return appendRequest(b, request).toString();
    }

    /**
     * The line for a body whose data without file contents is over {@code SecRequestBodyNoFilesLimit}: refused with
     * 413 ({@code rejected}), or passed on with only what fits the limit inspected.
     */
    public static String noFilesTooLarge(long limit, boolean rejected, RequestInfo request) {
        StringBuilder b = new StringBuilder(160)
                .append("ModSecurity: Request body no files data length is larger than the configured limit (")
                .append(limit).append(").");
        if (!rejected) {
            b.setLength(b.length() - 1);
            b.append("; the rest was not inspected.");
        }
        return appendRequest(b, request).toString();
    }

    /** The line for a request body that could not be read to its end (client gone, broken chunked framing). */
    public static String bodyReadFailed(Throwable error, RequestInfo request) {
        StringBuilder b = new StringBuilder(160).append("Bulwark: Error reading request body (")
                .append(error.getClass().getName())
                .append("); the request was abandoned.");
        return appendRequest(b, request).toString();
    }

    /** The line for a request body that could not be written to its temporary file (answered with 500). */
    public static String spoolFailed(Throwable error, RequestInfo request) {
        StringBuilder b = new StringBuilder(160).append("Bulwark: Cannot spool the request body to a temporary file (")
                .append(error.getClass().getName()).append("); answered with code 500.");
        return appendRequest(b, request).toString();
    }

    /** The line for a response body over the limit with {@code SecResponseBodyLimitAction Reject} (answered 500). */
    public static String responseBodyTooLarge(long limit, RequestInfo request) {
        StringBuilder b = new StringBuilder(160)
                .append("ModSecurity: Response body is larger than the configured limit (").append(limit)
                .append("); answered with code 500.");
        return appendRequest(b, request).toString();
    }

    /** The line for an engine failure; the stack trace goes with it to the logger, not into the line. */
    public static String engineFailure(Throwable error, String consequence, RequestInfo request) {
        StringBuilder b = new StringBuilder(160).append("ModSecurity: Internal error (")
                .append(error.getClass().getName()).append("); ").append(consequence).append('.');
        return appendRequest(b, request).toString();
    }

    private static void appendInterruption(StringBuilder b, Verdict verdict, int phase) {
        switch (verdict.outcome()) {
            case DROP -> b.append("Access denied with connection close");
            case REDIRECT -> {
                b.append("Access denied with redirection to \"");
                LogText.appendEscaped(b, String.valueOf(verdict.location()), MAX_VALUE);
                b.append("\" using status ").append(verdict.status());
            }
            default -> b.append("Access denied with code ").append(verdict.status());
        }
        b.append(" (phase ").append(phase).append("). ");
    }

    private static void appendOperator(StringBuilder b, RuleMatch match) {
        String op = match.operator();
        if (op.equals("@unconditionalMatch")) {
            b.append("Unconditional match in SecAction.");
            return;
        }
        if (op.startsWith("@rx ")) {
            b.append("Pattern match \"");
            LogText.appendEscaped(b, op.substring(4), MAX_OPERATOR);
        } else {
            b.append("Matched \"");
            LogText.appendEscaped(b, op, MAX_OPERATOR);
        }
        b.append("\" at ");
        LogText.appendEscaped(b, match.variable(), MAX_VALUE);
        b.append('.');
    }

    static StringBuilder appendRequest(StringBuilder b, RequestInfo request) {
        field(b, "hostname", request.hostname());
        field(b, "uri", request.uri());
        field(b, "unique_id", request.uniqueId());
        return b;
    }

    private static void field(StringBuilder b, String name, String value) {
        b.append(" [").append(name).append(" \"");
        LogText.appendEscaped(b, value == null ? "" : value, MAX_VALUE);
        b.append("\"]");
    }
}
