package dev.bulwark.waf.internal.audit;

import dev.bulwark.waf.EngineMode;
import dev.bulwark.waf.RuleMatch;
import dev.bulwark.waf.Transaction;
import dev.bulwark.waf.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One transaction as the audit log records it: an immutable snapshot taken on the request thread when the
 * transaction ends, already redacted and capped, holding only the sections its {@link AuditParts} ask for. Text
 * values are byte strings.
 *
 * @param id the incident id ({@code UNIQUE_ID})
 * @param start when the transaction started
 * @param engineMode the rule engine mode in force at the end of the transaction
 * @param parts the sections to write (after {@code ctl:auditLogParts})
 * @param request connection, request line and (per parts) headers and body excerpt
 * @param response status and (per parts) headers and body excerpt
 * @param verdict how the transaction ended
 * @param messages the matches marked for the audit log ({@code auditlog}), in order; empty unless parts H or K
 * @param anomalyScores CRS anomaly scores the rules set (TX variables), name to value
 */
record AuditRecord(
        String id,
        Instant start,
        EngineMode engineMode,
        AuditParts parts,
        Request request,
        Response response,
        Outcome verdict,
        List<Message> messages,
        Map<String, String> anomalyScores) {

    /** Longest request or response body excerpt kept, in bytes. */
    static final int MAX_BODY = 16 * 1024;
    /** Longest matched value kept, in bytes. */
    static final int MAX_MATCHED = 256;
    /** Longest msg, logdata or operator text kept, in bytes. */
    static final int MAX_TEXT = 512;

    AuditRecord {
        messages = List.copyOf(messages);
        anomalyScores = Collections.unmodifiableMap(new LinkedHashMap<>(anomalyScores));
    }

    /** One header field. */
    record Header(String name, String value) {}

    /**
     * The request.
     *
     * @param body the body excerpt (at most {@link #MAX_BODY} bytes), or null when not logged or not read
     * @param bodyLength the body's whole length, or -1 when unknown
     */
    record Request(
            String clientAddress,
            int clientPort,
            String serverAddress,
            int serverPort,
            String method,
            String uri,
            String protocol,
            List<Header> headers,
            String body,
            long bodyLength) {

        Request {
            headers = List.copyOf(headers);
        }
    }

    /** The response; {@code body} and {@code headers} as for {@link Request}. */
    record Response(int status, List<Header> headers, String body, long bodyLength) {

        Response {
            headers = List.copyOf(headers);
        }
    }

    /**
     * The verdict.
     *
     * @param ruleId the id of the rule that interrupted the transaction, or -1
     * @param location the redirect target, or null
     */
    record Outcome(Verdict.Outcome outcome, int status, long ruleId, String location) {}

    /**
     * One rule match, redacted and capped.
     *
     * @param severity 0..7, or -1 when the rule has none
     * @param ver the rule's {@code ver}, or ""
     * @param matched the matched value (after the rule's transformations), at most {@link #MAX_MATCHED} bytes
     * @param matchedLength the matched value's whole length
     */
    record Message(
            long ruleId,
            String file,
            int line,
            int phase,
            String message,
            String logData,
            int severity,
            List<String> tags,
            String ver,
            String variable,
            String matched,
            int matchedLength,
            String operator,
            boolean disruptive) {

        Message {
            tags = List.copyOf(tags);
        }
    }

    /**
     * Takes the snapshot of {@code tx}: copies what {@code parts} asks for from the request and response, hides what
     * {@code redaction} hides, caps what may be long.
     */
    static AuditRecord capture(Transaction tx, RequestSnapshot req, ResponseSnapshot res, AuditParts parts,
            Redaction redaction) {
        List<Header> requestHeaders = parts.requestHeaders() ? redactHeaders(req.headers(), redaction) : List.of();
        String requestBody = null;
        if (parts.requestBody() && req.body() != null) {
            requestBody = redaction.body(excerpt(req.body()), req.header("Content-Type"));
        }
        Request request = new Request(req.clientAddress(), req.clientPort(), req.serverAddress(), req.serverPort(),
                req.method(), redaction.uri(req.uri()), req.protocol(), requestHeaders, requestBody, req.bodyLength());

        List<Header> responseHeaders = parts.responseHeaders() ? redactHeaders(res.headers(), redaction) : List.of();
        String responseBody = parts.responseBody() && res.body() != null ? excerpt(res.body()) : null;
        Response response = new Response(res.status(), responseHeaders, responseBody, res.bodyLength());

        Verdict v = tx.verdict();
        Outcome outcome = new Outcome(v.outcome(), v.status(), v.cause() == null ? -1 : v.cause().ruleId(),
                v.location());

        List<Message> messages = new ArrayList<>();
        if (parts.messages()) {
            for (RuleMatch m : v.matches()) {
                if (m.auditLogged()) {
                    messages.add(message(m, redaction));
                }
            }
        }
        return new AuditRecord(tx.id(), tx.startTime(), tx.engineMode(), parts, request, response, outcome, messages,
                tx.anomalyScores());
    }

    private static Message message(RuleMatch m, Redaction redaction) {
        String value = m.matchedValue() == null ? "" : m.matchedValue();
        String matched = redaction.matchedValue(m.variable(), value);
        String logData = redaction.logData(m.variable(), value, m.logData());
        return new Message(m.ruleId(), m.location().file(), m.location().line(), m.phase(),
                cap(m.message(), MAX_TEXT), cap(logData, MAX_TEXT), m.severity(), m.tags(),
                m.ver() == null ? "" : m.ver(), m.variable(), cap(matched, MAX_MATCHED), matched.length(),
                cap(m.operator(), MAX_TEXT), m.disruptive());
    }

    private static List<Header> redactHeaders(List<Header> headers, Redaction redaction) {
        if (!redaction.enabled()) {
            return headers;
        }
        List<Header> out = new ArrayList<>(headers.size());
        for (Header h : headers) {
            String value = redaction.header(h.name(), h.value());
            out.add(value == h.value() ? h : new Header(h.name(), value));
        }
        return out;
    }

    private static String excerpt(byte[] body) {
        return new String(body, 0, Math.min(body.length, MAX_BODY), StandardCharsets.ISO_8859_1);
    }

    private static String cap(String s, int max) {
        if (s == null) {
            return "";
        }
        return s.length() <= max ? s : s.substring(0, max);
    }
}
