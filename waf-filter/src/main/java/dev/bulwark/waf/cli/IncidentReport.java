package dev.bulwark.waf.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The explanation of one incident, as {@code explain} gives it, for programs that show it in their own way (the
 * demo's incidents page): the request, the verdict, every rule that matched, the anomaly score against the threshold,
 * and the suggested exclusions as ready-to-paste SecLang. Built from one audit log line; the wording and the SecLang
 * are exactly the command line's.
 *
 * <p>Every text value is display text: printable ASCII, with each other byte as {@code \xNN} and a backslash as
 * {@code \\} (the command line's notation). It is not encoded for any output format: encode it for HTML (or wherever it
 * goes) before showing it, since it holds request data verbatim. Immutable and thread-safe.
 */
public final class IncidentReport {

    private final Explanation explanation;
    private final List<Match> matches;
    private final List<Suggestion> suggestions;

    private IncidentReport(Explanation explanation) {
        this.explanation = explanation;
        List<Match> m = new ArrayList<>();
        for (AuditMessage a : explanation.entry().messages()) {
            m.add(new Match(a.ruleId(), ByteText.escape(a.message()), ByteText.escape(a.variable()),
                    ByteText.escape(a.matched()), a.matched().length(), a.matchedLength(), ByteText.escape(a.location()),
                    a.phase(), Explanation.role(a), ByteText.escape(a.operator())));
        }
        this.matches = List.copyOf(m);
        List<Suggestion> s = new ArrayList<>();
        for (Explanation.Advice a : explanation.advice()) {
            s.add(new Suggestion(a.note(), a.secLang(), a.global()));
        }
        this.suggestions = List.copyOf(s);
    }

    /**
     * Explains the transaction of one audit log line (the format of {@code src/site/markdown/audit-log.md}); new
     * rule ids in the suggestions start at 10000, as with {@code explain}.
     *
     * @param line one line of the audit log, its bytes as ISO-8859-1 characters, without the newline
     * @param source where the line was read ({@code file:line}), shown with the report
     * @throws IllegalArgumentException when the line is not an audit record; the message says why
     */
    public static IncidentReport parse(String line, String source) {
        return new IncidentReport(
                Explanation.of(AuditLogReader.entry(line, source), null, ExplainCommand.DEFAULT_FIRST_ID));
    }

    /** The incident id ({@code unique_id}). */
    public String id() {
        return ByteText.escape(explanation.entry().id());
    }

    /** When the transaction started (ISO-8601, UTC), or "" when the log does not say. */
    public String timeStamp() {
        return ByteText.escape(explanation.entry().timeStamp());
    }

    /** The client address. */
    public String clientIp() {
        return ByteText.escape(explanation.entry().clientIp());
    }

    /** The request line as sent: {@code POST /post?x=1 HTTP/1.1}. */
    public String requestLine() {
        return ByteText.escape(explanation.entry().requestLine());
    }

    /** Whether the request was stopped (denied, dropped or redirected). */
    public boolean blocked() {
        return explanation.entry().blocked();
    }

    /** The status of the verdict, else the response's, or 0 when unknown. */
    public int status() {
        return explanation.entry().status();
    }

    /** The verdict in words: {@code blocked: DENY, status 403, by rule 949110}. */
    public String verdict() {
        return explanation.verdictText();
    }

    /** The inbound anomaly score, or null when the log does not say. */
    public Long anomalyScore() {
        return explanation.anomaly().total();
    }

    /** The inbound anomaly threshold, or null when unknown. */
    public Long anomalyThreshold() {
        return explanation.anomaly().threshold();
    }

    /** The score against the threshold in words: {@code 5 (threshold 5, from the audit log; blocked at 5 or more)}. */
    public String anomaly() {
        return explanation.anomaly().describe();
    }

    /** Every logged rule match, in order. */
    public List<Match> matches() {
        return matches;
    }

    /**
     * The suggestion, in order: the narrowest (path-scoped) exclusion, a path-scoped rule removal for matches no target
     * can name, the global alternative; or one note without SecLang when there is nothing to exclude.
     */
    public List<Suggestion> suggestions() {
        return suggestions;
    }

    /** Where the line was read, as given to {@link #parse}. */
    public String source() {
        return ByteText.escape(explanation.entry().source());
    }

    /** The whole report as {@code explain} prints it. */
    public String text() {
        return explanation.text();
    }

    /**
     * One rule match.
     *
     * @param ruleId the rule id, or -1 when the log has none
     * @param message the expanded {@code msg}
     * @param variable the variable and key that matched ({@code ARGS:comment}), "" when unknown
     * @param matched the matched value as logged (after the rule's transformations, at most 256 bytes)
     * @param loggedLength how many bytes of the value the log holds
     * @param wholeLength the value's whole length, or -1 when not recorded
     * @param location the rule's {@code file:line}, or "?"
     * @param phase the phase it matched in, or -1 when not recorded
     * @param role {@code detection}, {@code anomaly evaluation} or {@code other}
     * @param operator the operator as written ({@code @rx select}), "" when unknown
     */
    public record Match(long ruleId, String message, String variable, String matched, int loggedLength,
            long wholeLength, String location, int phase, String role, String operator) {

        /** Whether the log holds only the start of the matched value. */
        public boolean truncated() {
            return wholeLength > loggedLength;
        }
    }

    /**
     * One piece of the suggested exclusion.
     *
     * @param note what it does and where to load it, in words (one or more lines)
     * @param secLang the SecLang to paste, or "" when there is nothing to paste
     * @param global whether this is the every-path alternative rather than a path-scoped exclusion
     */
    public record Suggestion(String note, String secLang, boolean global) {}
}
