package dev.bulwark.waf.internal.servlet;

import dev.bulwark.waf.EngineMode;
import dev.bulwark.waf.FailMode;
import dev.bulwark.waf.RuleSet;
import dev.bulwark.waf.Transaction;
import dev.bulwark.waf.Verdict;
import dev.bulwark.waf.internal.audit.AuditLog;
import dev.bulwark.waf.internal.audit.RequestSnapshot;
import dev.bulwark.waf.internal.audit.ResponseSnapshot;
import dev.bulwark.waf.internal.log.RequestInfo;
import dev.bulwark.waf.internal.log.RequestLog;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The inspection of one servlet request: feeds the request to a {@link Transaction}, runs phases 1 and 2, answers
 * when the rules interrupt it, runs phases 3 and 4 over the response (through an {@link InspectedResponse}, when the
 * rules look at responses at all), and phase 5 at the end. Engine failures (runtime exceptions from the engine, never
 * from the application or the container's I/O) go through the rule set's {@link FailMode}.
 *
 * <pre>{@code
 * Inspection i = new Inspection(rules, req, res, fallbackIds);
 * try {
 *     HttpServletRequest forward = i.inspect();
 *     if (forward != null) {
 *         chain.doFilter(forward, i.response());
 *         i.completeResponse();
 *     }
 * } finally {
 *     i.finish();
 * }
 * }</pre>
 */
public final class Inspection {

    /** Bytes read from the container's stream at a time, and fed to the engine. */
    private static final int READ_CHUNK = 16 * 1024;

    private final RuleSet rules;
    private final HttpServletRequest req;
    private final HttpServletResponse res;
    private final Supplier<String> fallbackIds;
    private final AuditLog audit;

    private Transaction tx;
    private RequestLog log;
    private SpooledBody body;
    private InspectedResponse inspected;

    /** @param fallbackIds incident ids for the case where the engine fails before a transaction exists */
    public Inspection(RuleSet rules, HttpServletRequest req, HttpServletResponse res, Supplier<String> fallbackIds) {
        this(rules, req, res, fallbackIds, AuditLog.disabled());
    }

    /** @param audit where relevant transactions are recorded (see {@link AuditLog#wants}) */
    public Inspection(RuleSet rules, HttpServletRequest req, HttpServletResponse res, Supplier<String> fallbackIds,
            AuditLog audit) {
        this.audit = audit;
        this.rules = rules;
        this.req = req;
        this.res = res;
        this.fallbackIds = fallbackIds;
    }

    /** Runs phases 1 and 2; returns the request to hand to the application, or null when the WAF answered. */
    public HttpServletRequest inspect() throws IOException {
        try {
            tx = engine(rules::newTransaction);
            log = new RequestLog(new RequestInfo(byteString(req.getServerName()), byteString(req.getRequestURI()),
                    tx.id()));
            engine(this::feedHeaders);
            if (interrupted(engine(tx::processRequestHeaders))) {
                return null;
            }
            if (rules.requestBodyAccess() && tx.engineMode() != EngineMode.OFF && mayHaveBody()) {
                if (!readBody()) {
                    return null;
                }
            }
            if (interrupted(engine(tx::processRequestBody))) {
                return null;
            }
            return withResponseInspection(forwarded());
        } catch (EngineFailure e) {
            return failed(e.getCause());
        }
    }

    /** The response to hand to the application with the request {@link #inspect()} returned. */
    public HttpServletResponse response() {
        return inspected != null ? inspected : res;
    }

    /**
     * Call when the application returned normally: runs phase 3 if still due and phase 4, and sends the response or
     * the WAF's answer. An async request is left to finish on its own, uninspected.
     */
    public void completeResponse() throws IOException {
        if (inspected == null) {
            return;
        }
        if (req.isAsyncStarted()) {
            inspected.passThrough("asynchronous request, response phases 3 and 4 skipped");
            return;
        }
        inspected.complete();
    }

    /**
     * Runs phase 5, publishes the log lines and releases the held body (its temporary file is deleted now, or when an
     * asynchronous request completes); call once, whatever happened before.
     */
    public void finish() {
        try {
            if (tx == null) {
                return;
            }
            try {
                engine(tx::processLogging);
                engine(() -> {
                    log.newMatches(tx);
                    return null;
                });
            } catch (EngineFailure e) {
                log.engineFailure(e.getCause(), "logging phase failed");
            } finally {
                recordAudit();
                tx.close();
                req.setAttribute(RequestLog.LINES_ATTRIBUTE, log.lines());
            }
        } finally {
            releaseBody();
        }
    }

    /**
     * Deletes the held body, unless the application went asynchronous: it may still read the body (or its parts) on
     * another thread, so the body goes when the asynchronous request ends, however it ends.
     */
    private void releaseBody() {
        SpooledBody held = body;
        if (held == null) {
            return;
        }
        try {
            if (req.isAsyncStarted()) {
                req.getAsyncContext().addListener(new ReleaseOnAsyncEnd(held));
                return;
            }
        } catch (RuntimeException e) {
            // The asynchronous request is already over (or the container refuses listeners): release now.
        }
        held.close();
    }

    /** Releases a held body when its asynchronous request completes, times out or fails. */
    private record ReleaseOnAsyncEnd(SpooledBody body) implements AsyncListener {
        @Override
        public void onComplete(AsyncEvent event) {
            body.close();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            body.close();
        }

        @Override
        public void onError(AsyncEvent event) {
            body.close();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // a new asynchronous cycle: the listener must be registered again to hear how it ends
            event.getAsyncContext().addListener(this);
        }
    }

    /** Hands the transaction to the audit log when it is relevant; the log copies nothing it does not keep. */
    private void recordAudit() {
        try {
            int status = res.getStatus();
            if (!audit.wants(tx, status)) {
                return;
            }
            RequestSnapshot.Builder request = RequestSnapshot.builder()
                    .connection(req.getRemoteAddr(), req.getRemotePort(), req.getLocalAddr(), req.getLocalPort())
                    .requestLine(req.getMethod(), byteString(requestTarget()), req.getProtocol());
            for (Enumeration<String> names = req.getHeaderNames(); names.hasMoreElements(); ) {
                String name = names.nextElement();
                for (Enumeration<String> values = req.getHeaders(name); values.hasMoreElements(); ) {
                    request.header(byteString(name), byteString(values.nextElement()));
                }
            }
            if (body != null) {
                try {
                    request.body(body.head(RequestSnapshot.MAX_BODY_BYTES), body.length());
                } catch (IOException e) {
                    log.debug("request body excerpt not available for the audit log: " + e);
                }
            }
            ResponseSnapshot.Builder response = ResponseSnapshot.builder().status(status);
            for (String name : res.getHeaderNames()) {
                for (String value : res.getHeaders(name)) {
                    response.header(byteString(name), byteString(value));
                }
            }
            audit.record(tx, request.build(), response.build());
        } catch (RuntimeException e) {
            // the audit trail must never cost the request; the log line says what was lost
            log.engineFailure(e, "audit record not written");
        }
    }

    private String requestTarget() {
        String query = req.getQueryString();
        return query == null ? req.getRequestURI() : req.getRequestURI() + "?" + query;
    }

    private Transaction feedHeaders() {
        tx.connection(req.getRemoteAddr(), req.getRemotePort(), req.getLocalAddr(), req.getLocalPort());
        tx.serverName(byteString(req.getServerName()));
        tx.requestLine(req.getMethod(), byteString(requestTarget()), req.getProtocol());
        for (Enumeration<String> names = req.getHeaderNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            for (Enumeration<String> values = req.getHeaders(name); values.hasMoreElements(); ) {
                tx.requestHeader(byteString(name), byteString(values.nextElement()));
            }
        }
        return tx;
    }

    /**
     * Reads the body for phase 2, feeding the engine as it comes and holding the body for the application (in memory,
     * or spooled to a temporary file past {@code SecRequestBodyInMemoryLimit}); false when the request was answered
     * (413).
     *
     * <p>Limits, as ModSecurity applies them: {@code SecRequestBodyLimit} to every byte (checked against
     * Content-Length first), {@code SecRequestBodyNoFilesLimit} to what the engine counts as non-file data
     * ({@link Transaction#requestBodyNoFilesLength()}), checked after each piece so a large body stops early. Over
     * either, Reject answers 413; ProcessPartial (and DetectionOnly) log it and go on: the engine sees the first
     * {@code SecRequestBodyLimit} bytes, the application gets everything (past the limit, straight from the container).
     */
    private boolean readBody() throws IOException {
        long limit = rules.requestBodyLimit();
        long noFilesLimit = rules.requestBodyNoFilesLimit();
        boolean reject = rules.rejectsOversizedBody() && tx.engineMode() == EngineMode.ON;
        long declared = req.getContentLengthLong();
        if (reject && declared > limit) {
            log.bodyTooLarge(limit, true);
            Responder.bodyTooLarge(tx.id(), req, res);
            return false;
        }
        body = new SpooledBody(rules.requestBodyInMemoryLimit(), rules.temporaryDirectory(), declared);
        InputStream in = req.getInputStream();
        byte[] chunk = new byte[declared >= 0 && declared < READ_CHUNK ? (int) declared + 1 : READ_CHUNK];
        boolean fed = false;
        boolean noFilesOver = false;
        try {
            // One byte past the limit tells an oversized body; that byte is held, never inspected.
            while (body.length() <= limit) {
                int n = read(in, chunk, (int) Math.min(chunk.length, limit + 1 - body.length()));
                if (n < 0) {
                    break;
                }
                if (!hold(chunk, n)) {
                    return false;
                }
                int inspected = (int) Math.min(n, Math.max(0, limit - (body.length() - n)));
                if (inspected > 0) {
                    engine(() -> tx.requestBodyPart(chunk, 0, inspected));
                    fed = true;
                }
                if (!noFilesOver && engine(tx::requestBodyNoFilesLength) > noFilesLimit) {
                    noFilesOver = true;
                    log.noFilesTooLarge(noFilesLimit, reject);
                    if (reject) {
                        Responder.bodyTooLarge(tx.id(), req, res);
                        return false;
                    }
                }
            }
        } catch (EngineFailure e) {
            // Fail open must still hand on the whole body: what was not read yet stays in the container's stream.
            body.rest(in);
            throw e;
        }
        if (body.length() > limit) {
            if (reject) {
                log.bodyTooLarge(limit, false);
                Responder.bodyTooLarge(tx.id(), req, res);
                return false;
            }
            log.bodyInspectedInPart(limit);
            body.rest(in);
        }
        if (!fed && declared > 0) {
            engine(() -> tx.requestBodyPart(chunk, 0, 0));
        }
        return true;
    }

    /**
     * Adds bytes to the held body; false when they could not be held (the temporary file could not be written: disk
     * full, folder gone), which is the server's failure: logged, answered 500, the rest of the body left unread.
     */
    private boolean hold(byte[] chunk, int n) throws IOException {
        try {
            body.append(chunk, 0, n);
            return true;
        } catch (IOException e) {
            log.spoolFailed(e);
            res.setHeader("Connection", "close");
            Responder.internalError(tx.id(), req, res);
            return false;
        }
    }

    /** Reads from the container's stream; a failure (client gone, broken chunked framing) is logged and thrown. */
    private int read(InputStream in, byte[] chunk, int length) throws IOException {
        try {
            return in.read(chunk, 0, length);
        } catch (IOException | RuntimeException e) {
            log.bodyReadFailed(e);
            throw e;
        }
    }

    /**
     * Whether the request can carry a body: a positive Content-Length, or none with chunked transfer coding or a
     * protocol that frames bodies itself (HTTP/2, HTTP/3). An HTTP/1.x request with neither header has no body
     * (RFC 9112 6.3), so it costs no read and no buffer.
     */
    private boolean mayHaveBody() {
        long declared = req.getContentLengthLong();
        if (declared >= 0) {
            return declared > 0;
        }
        String protocol = req.getProtocol();
        return req.getHeader("Transfer-Encoding") != null || protocol == null || !protocol.startsWith("HTTP/1");
    }

    private boolean interrupted(Verdict verdict) throws IOException {
        engine(() -> {
            log.newMatches(tx);
            return null;
        });
        if (!verdict.isInterrupted()) {
            return false;
        }
        Responder.interrupt(verdict, tx.id(), req, res);
        return true;
    }

    /** Puts the response phases in place when the rules can look at responses and the engine is on. */
    private HttpServletRequest withResponseInspection(HttpServletRequest forward) {
        if (!rules.inspectsResponses() || tx.engineMode() == EngineMode.OFF) {
            return forward;
        }
        inspected = new InspectedResponse(res, new ResponseSide(), "HEAD".equals(req.getMethod()));
        return new DispatchWatchingRequest(forward, inspected);
    }

    /** Phases 3 and 4 for the {@link InspectedResponse}; answers are written on the container's response. */
    private final class ResponseSide implements ResponsePhases {

        @Override
        public AfterHeaders headers(int status, String location) throws IOException {
            try {
                engine(() -> feedResponse(status, location));
                Verdict verdict = engine(tx::processResponseHeaders);
                logNewMatches();
                if (verdict.isInterrupted()) {
                    answer(verdict);
                    return AfterHeaders.ANSWERED;
                }
                return engine(tx::inspectsResponseBody) ? AfterHeaders.INSPECT_BODY : AfterHeaders.STREAM;
            } catch (EngineFailure e) {
                return responseFailed(e.getCause()) ? AfterHeaders.ANSWERED : AfterHeaders.STREAM;
            }
        }

        @Override
        public boolean body(byte[] bytes, int length) throws IOException {
            try {
                if (bytes != null) {
                    engine(() -> tx.responseBody(bytes, 0, length));
                }
                Verdict verdict = engine(tx::processResponseBody);
                logNewMatches();
                if (verdict.isInterrupted()) {
                    answer(verdict);
                    return true;
                }
                return false;
            } catch (EngineFailure e) {
                return responseFailed(e.getCause());
            }
        }

        @Override
        public int bodyLimit() {
            return (int) Math.max(0, Math.min(rules.responseBodyLimit(), SpooledBody.MAX_IN_MEMORY));
        }

        @Override
        public boolean rejectsOversizedBody() {
            // As for request bodies, DetectionOnly never refuses: it inspects the start and passes the rest.
            return rules.rejectsOversizedResponseBody() && tx.engineMode() == EngineMode.ON;
        }

        @Override
        public void bodyTooLarge() throws IOException {
            log.responseBodyTooLarge(rules.responseBodyLimit());
            if (!res.isCommitted()) {
                res.reset();
                Responder.responseBodyTooLarge(tx.id(), req, res);
            }
        }

        @Override
        public void notInspected(String why) {
            log.debug(why);
        }

        private void logNewMatches() {
            engine(() -> {
                log.newMatches(tx);
                return null;
            });
        }

        /** Answers instead of the application; what it set (cookies included) does not go out with the answer. */
        private void answer(Verdict verdict) throws IOException {
            if (!res.isCommitted()) {
                res.reset();
                Responder.interrupt(verdict, tx.id(), req, res);
            }
        }

        /** An engine failure in phase 3 or 4; true when the response was refused (fail mode closed). */
        private boolean responseFailed(Throwable error) throws IOException {
            try {
                log.newMatches(tx);
            } catch (RuntimeException ignored) {
                // The transaction is broken; the failure line below is what matters.
            }
            if (rules.config().failMode() == FailMode.OPEN) {
                log.engineFailure(error, "fail mode open, response passed on");
                return false;
            }
            if (res.isCommitted()) {
                log.engineFailure(error, "fail mode closed, but the response was already sent");
                return true;
            }
            log.engineFailure(error, "fail mode closed, response refused with 500");
            res.reset();
            Responder.internalError(tx.id(), req, res);
            return true;
        }
    }

    /**
     * The response status and headers as the container holds them, as byte strings; Content-Type from
     * {@code getContentType()} when the container does not list it among the headers.
     */
    private Transaction feedResponse(int status, String location) {
        tx.responseStatus(status, req.getProtocol());
        boolean contentType = false;
        List<String> names = new ArrayList<>(res.getHeaderNames());
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name == null || listedBefore(names, i) || (location != null
                    && AsciiCase.equalsLower(name, "location"))) {
                continue;
            }
            contentType |= AsciiCase.equalsLower(name, "content-type");
            String byteName = byteString(name);
            for (String value : res.getHeaders(name)) {
                tx.responseHeader(byteName, byteString(value));
            }
        }
        String type = res.getContentType();
        if (!contentType && type != null) {
            tx.responseHeader("Content-Type", byteString(type));
        }
        if (location != null) {
            tx.responseHeader("Location", byteString(location));
        }
        return tx;
    }

    /** Whether {@code names[i]} already came earlier (ASCII case aside): its values were fed then. */
    private static boolean listedBefore(List<String> names, int i) {
        String name = names.get(i);
        for (int k = 0; k < i; k++) {
            String earlier = names.get(k);
            if (earlier != null && AsciiCase.equalsIgnoreCase(earlier, name)) {
                return true;
            }
        }
        return false;
    }

    /** The original request when nothing was read from its body (the container still has it all), else a replay. */
    private HttpServletRequest forwarded() {
        if (body == null || (body.length() == 0 && body.rest() == null)) {
            return req;
        }
        return new ReplayingRequest(req, res, body);
    }

    private HttpServletRequest failed(Throwable error) throws IOException {
        FailMode mode = rules.config().failMode();
        String id = tx != null ? tx.id() : fallbackIds.get();
        if (log == null) {
            log = new RequestLog(new RequestInfo(byteString(req.getServerName()), byteString(req.getRequestURI()),
                    id));
        }
        if (tx != null) {
            try {
                log.newMatches(tx);
            } catch (RuntimeException ignored) {
                // The transaction is broken; the failure line below is what matters.
            }
        }
        if (mode == FailMode.OPEN) {
            log.engineFailure(error, "fail mode open, request passed on");
            return forwarded();
        }
        log.engineFailure(error, "fail mode closed, request refused with 500");
        Responder.internalError(id, req, res);
        return null;
    }

    /**
     * Request text as a byte string. Containers give header values and the request target one char per byte
     * (ISO-8859-1); should one decode UTF-8 instead, its chars above U+00FF are turned back into their UTF-8 bytes.
     */
    static String byteString(String s) {
        if (s == null) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xff) {
                return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            }
        }
        return s;
    }

    private static <T> T engine(Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw new EngineFailure(e);
        }
    }

    /** Marks a runtime exception as the engine's, so it is not confused with the container's or the application's. */
    private static final class EngineFailure extends RuntimeException {
        EngineFailure(RuntimeException cause) {
            super(cause);
        }
    }
}
