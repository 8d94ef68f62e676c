package dev.bulwark.waf;

import dev.bulwark.waf.internal.engine.TransactionState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The inspection of one request: feed it what the client sent, run the phases in order, read the verdict. Request
 * data are bytes; methods taking {@code String} expect byte strings (one char per byte, ISO-8859-1), which is what a
 * servlet container hands over for the request line and headers. Not thread-safe; one per request.
 *
 * <pre>{@code
 * try (Transaction tx = ruleSet.newTransaction()) {
 *     tx.connection("203.0.113.7", 51234, "10.0.0.1", 8080);
 *     tx.requestLine("GET", "/search?q=1", "HTTP/1.1");
 *     tx.requestHeader("Host", "example.com");
 *     Verdict v = tx.processRequestHeaders();
 *     ...
 * }
 * }</pre>
 */
public final class Transaction implements AutoCloseable {

    private final TransactionState state;

    Transaction(TransactionState state) {
        this.state = state;
    }

    /** The incident id of this transaction ({@code UNIQUE_ID}), shown on block pages and in every log line. */
    public String id() {
        return state.uniqueId();
    }

    public Transaction connection(String clientAddress, int clientPort, String serverAddress, int serverPort) {
        state.connection(clientAddress, clientPort, serverAddress, serverPort);
        return this;
    }

    public Transaction serverName(String name) {
        state.serverName(name);
        return this;
    }

    /** The request line: method, target exactly as sent (path and query, still %-encoded), protocol. */
    public Transaction requestLine(String method, String target, String protocol) {
        state.requestLine(method, target, protocol);
        return this;
    }

    /** One request header, in the order received; repeat for repeated headers. */
    public Transaction requestHeader(String name, String value) {
        state.requestHeader(name, value);
        return this;
    }

    /** Phase 1: runs the request-header rules. */
    public Verdict processRequestHeaders() {
        return state.runPhase(1);
    }

    /** The request body, whole (the caller enforces the body limit). */
    public Transaction requestBody(byte[] body) {
        state.requestBody(new String(body, StandardCharsets.ISO_8859_1));
        return this;
    }

    /**
     * The next piece of the request body, for a body read as it arrives (instead of {@link #requestBody(byte[])}):
     * call after phase 1, in order, then {@link #processRequestBody()}. Only what phase 2 reads is kept: a multipart
     * body is parsed as it comes (file contents are counted, never held), other bodies are kept up to
     * {@code SecRequestBodyNoFilesLimit}, and a body no processor reads is only counted. The bytes are copied as
     * needed; the caller may reuse its array.
     */
    public Transaction requestBodyPart(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        state.requestBodyPart(bytes, offset, length);
        return this;
    }

    /**
     * The bytes fed with {@link #requestBodyPart} that count against {@code SecRequestBodyNoFilesLimit}, as
     * ModSecurity counts them (multipart: part headers and field values, not file contents); the caller compares it
     * with the limit while it reads.
     */
    public long requestBodyNoFilesLength() {
        return state.requestBodyNoFilesLength();
    }

    /** Phase 2: parses the body (if any) and runs the request-body rules. */
    public Verdict processRequestBody() {
        return state.runPhase(2);
    }

    /** The response status and protocol (e.g. {@code HTTP/1.1}), before phase 3. */
    public Transaction responseStatus(int status, String protocol) {
        state.responseStatus(status, protocol);
        return this;
    }

    /** One response header, before phase 3. */
    public Transaction responseHeader(String name, String value) {
        state.responseHeader(name, value);
        return this;
    }

    /** Phase 3: runs the response-header rules. */
    public Verdict processResponseHeaders() {
        return state.runPhase(3);
    }

    /**
     * Whether the response body is to be inspected: response body access is on and the response's MIME type is one
     * of {@code SecResponseBodyMimeType}. Only then buffer it; otherwise stream it through.
     */
    public boolean inspectsResponseBody() {
        return state.wantsResponseBody();
    }

    /** The response body (up to the response body limit). */
    public Transaction responseBody(byte[] body) {
        return responseBody(body, 0, body.length);
    }

    /** The response body held in {@code body[offset, offset + length)} (up to the response body limit). */
    public Transaction responseBody(byte[] body, int offset, int length) {
        state.responseBody(new String(body, offset, length, StandardCharsets.ISO_8859_1));
        return this;
    }

    /** Phase 4: runs the response-body rules. */
    public Verdict processResponseBody() {
        return state.runPhase(4);
    }

    /** Phase 5: runs the logging rules; call once the response is done, whatever happened before. */
    public Verdict processLogging() {
        return state.runPhase(5);
    }

    /** The verdict so far, with every match recorded. */
    public Verdict verdict() {
        return state.verdict();
    }

    /** Every rule match so far, in order. */
    public List<RuleMatch> matches() {
        return state.matches();
    }

    /** The engine mode in force for this transaction (rules may change it with {@code ctl:ruleEngine}). */
    public EngineMode engineMode() {
        return state.engineMode();
    }

    /** Variables set with {@code setenv}. */
    public Map<String, String> environment() {
        return state.environment();
    }

    /** When the transaction started (its creation). */
    public Instant startTime() {
        return state.startTime();
    }

    /**
     * The anomaly scores the rules set: the TX variables whose name contains {@code anomaly_score} (with CRS:
     * {@code blocking_inbound_anomaly_score}, {@code inbound_anomaly_score_pl1}, the thresholds and the severity
     * weights), lower-case name to value, in the order first set. Read-only; empty when no rule set any.
     */
    public Map<String, String> anomalyScores() {
        return state.anomalyScores();
    }

    /** The audit engine a rule chose for this transaction with {@code ctl:auditEngine}, or null. */
    public String auditEngineOverride() {
        return state.auditEngineOverride();
    }

    /** The audit log parts a rule set for this transaction with {@code ctl:auditLogParts} (e.g. {@code +E}), or null. */
    public String auditLogPartsOverride() {
        return state.auditLogPartsOverride();
    }

    /**
     * Ends the transaction: the working memory it borrowed from its rule set goes back for the next request, and no
     * phase may run after this (an {@link IllegalStateException}); the verdict, matches and scores stay readable.
     * The engine never creates files (spooled bodies are the filter's). Calling it again does nothing.
     */
    @Override
    public void close() {
        state.close();
    }
}
