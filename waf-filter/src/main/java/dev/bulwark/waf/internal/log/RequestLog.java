package dev.bulwark.waf.internal.log;

import dev.bulwark.waf.RuleMatch;
import dev.bulwark.waf.Transaction;
import dev.bulwark.waf.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * The error log of one request: writes each line to the {@code dev.bulwark.waf} {@link System.Logger} and keeps the
 * lines, so a test harness can read exactly what was logged for the request (see {@link #LINES_ATTRIBUTE}).
 *
 * <p>Levels: rule matches are {@code WARNING}, like ModSecurity's error-log entries: they are security events that
 * operators expect to see at default thresholds, and rules that should stay quiet say {@code nolog}. Oversized bodies
 * are {@code WARNING} too; engine failures are {@code ERROR}, with the stack trace. Not thread-safe: one per request.
 */
public final class RequestLog {

    /**
     * Request attribute set when the filter is done with a request: an unmodifiable {@code List<String>} of the lines
     * logged for it. Internal hook for harnesses (a filter in front of the WAF reads it after the chain returns); not
     * an API.
     */
    public static final String LINES_ATTRIBUTE = "dev.bulwark.waf.internal.errorLogLines";

    private static final System.Logger LOGGER = System.getLogger("dev.bulwark.waf");

    private final RequestInfo request;
    private final List<String> lines = new ArrayList<>(2);
    private int matchesLogged;

    public RequestLog(RequestInfo request) {
        this.request = request;
    }

    /** Logs the matches of {@code tx} not logged yet (those whose rule says {@code log}). */
    public void newMatches(Transaction tx) {
        List<RuleMatch> matches = tx.matches();
        if (matches.size() <= matchesLogged) {
            return;
        }
        Verdict verdict = tx.verdict();
        for (int i = matchesLogged; i < matches.size(); i++) {
            RuleMatch m = matches.get(i);
            if (m.logged()) {
                write(System.Logger.Level.WARNING, ErrorLogFormat.match(m, verdict, request), null);
            }
        }
        matchesLogged = matches.size();
    }

    public void bodyTooLarge(long limit, boolean declared) {
        write(System.Logger.Level.WARNING, ErrorLogFormat.bodyTooLarge(limit, declared, request), null);
    }

    public void bodyInspectedInPart(long limit) {
        write(System.Logger.Level.WARNING, ErrorLogFormat.bodyInspectedInPart(limit, request), null);
    }

    public void noFilesTooLarge(long limit, boolean rejected) {
        write(System.Logger.Level.WARNING, ErrorLogFormat.noFilesTooLarge(limit, rejected, request), null);
    }

    /** The client went away (or broke the framing) mid-body: INFO, as clients do that all the time. */
    public void bodyReadFailed(Throwable error) {
        write(System.Logger.Level.INFO, ErrorLogFormat.bodyReadFailed(error, request), null);
    }

    /** The request body could not be spooled to its temporary file: a server-side failure (ERROR, with the cause). */
    public void spoolFailed(Throwable error) {
        write(System.Logger.Level.ERROR, ErrorLogFormat.spoolFailed(error, request), error);
    }

    public void responseBodyTooLarge(long limit) {
        write(System.Logger.Level.WARNING, ErrorLogFormat.responseBodyTooLarge(limit, request), null);
    }

    /**
     * A note for operators tracing the filter (DEBUG), not an error-log event: it is not kept in {@link #lines()}.
     */
    public void debug(String note) {
        if (LOGGER.isLoggable(System.Logger.Level.DEBUG)) {
            StringBuilder b = new StringBuilder(96).append("Bulwark: ").append(note).append('.');
            LOGGER.log(System.Logger.Level.DEBUG, ErrorLogFormat.appendRequest(b, request).toString());
        }
    }

    public void engineFailure(Throwable error, String consequence) {
        write(System.Logger.Level.ERROR, ErrorLogFormat.engineFailure(error, consequence, request), error);
    }

    /** The lines written so far. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    private void write(System.Logger.Level level, String line, Throwable error) {
        lines.add(line);
        if (error == null) {
            LOGGER.log(level, line);
        } else {
            LOGGER.log(level, line, error);
        }
    }
}
