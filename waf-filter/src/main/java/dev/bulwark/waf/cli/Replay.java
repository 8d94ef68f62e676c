package dev.bulwark.waf.cli;

import dev.bulwark.waf.RuleMatch;
import dev.bulwark.waf.RuleSet;
import dev.bulwark.waf.Transaction;
import dev.bulwark.waf.Verdict;
import java.nio.charset.StandardCharsets;

/**
 * Rebuilds a logged request and runs it through a rule set as the filter would: connection, request line and headers,
 * phase 1, the body, phase 2, then phase 5. What the audit log redacted is replayed as it was logged
 * ({@code [redacted]}), and a body cut at the log's 16 KiB cap is replayed up to the cut; both rarely matter for
 * whether a detection rule matches a field, and the report says how many requests were affected.
 */
final class Replay {

    /** The outcome of one replay: whether the request was stopped, and by which rule (-1 when none). */
    record Result(boolean blocked, long ruleId) {}

    private Replay() {}

    /**
     * Why {@code e} cannot be replayed, or null when it can: its headers must be logged (part B), and its body too
     * (part C) when it had one.
     */
    static String notReplayable(AuditEntry e) {
        if (e.requestHeaders() == null) {
            return "request headers not logged (part B)";
        }
        if (e.method().isEmpty() || e.uri().isEmpty()) {
            return "no request line";
        }
        if (e.requestBody() == null && hadBody(e) && !e.parts().contains("C") && !e.parts().contains("I")) {
            return "request body not logged (part C)";
        }
        return null;
    }

    /** Whether the headers announce a body. */
    private static boolean hadBody(AuditEntry e) {
        if (e.header("Transfer-Encoding") != null) {
            return true;
        }
        Long length = AuditEntry.wholeNumber(e.header("Content-Length"));
        return length != null && length > 0;
    }

    /** Whether the logged body is only the first part of the body. */
    static boolean truncated(AuditEntry e) {
        return e.requestBody() != null && e.requestBodyLength() > e.requestBody().length();
    }

    /** Runs {@code e} (replayable: see {@link #notReplayable}) through {@code rules}. */
    static Result run(RuleSet rules, AuditEntry e) {
        try (Transaction tx = rules.newTransaction()) {
            tx.connection(e.clientIp(), e.clientPort(), e.hostIp(), e.hostPort());
            tx.requestLine(e.method(), e.uri(), e.protocol());
            for (AuditEntry.Header h : e.requestHeaders()) {
                tx.requestHeader(h.name(), h.value());
            }
            Verdict v = tx.processRequestHeaders();
            if (!v.isInterrupted()) {
                if (e.requestBody() != null) {
                    tx.requestBody(e.requestBody().getBytes(StandardCharsets.ISO_8859_1));
                }
                tx.processRequestBody();
            }
            tx.processLogging();
            Verdict end = tx.verdict();
            RuleMatch cause = end.cause();
            return new Result(end.isInterrupted(), cause == null ? -1 : cause.ruleId());
        }
    }
}
