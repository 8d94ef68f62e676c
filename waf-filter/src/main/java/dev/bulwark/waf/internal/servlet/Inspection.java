package dev.bulwark.waf.internal.servlet;

import dev.bulwark.waf.EngineMode;
import dev.bulwark.waf.FailMode;
import dev.bulwark.waf.RuleSet;
import dev.bulwark.waf.Transaction;
import dev.bulwark.waf.Verdict;
import dev.bulwark.waf.internal.log.RequestInfo;
import dev.bulwark.waf.internal.log.RequestLog;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.function.Supplier;

/**
 * The inspection of one servlet request: feeds the request to a {@link Transaction}, runs phases 1 and 2, answers
 * when the rules interrupt it, and runs phase 5 at the end. Engine failures (runtime exceptions from the engine, never
 * from the application or the container's I/O) go through the rule set's {@link FailMode}.
 *
 * <pre>{@code
 * Inspection i = new Inspection(rules, req, res, fallbackIds);
 * try {
 *     HttpServletRequest forward = i.inspect();
 *     if (forward != null) chain.doFilter(forward, res);
 * } finally {
 *     i.finish();
 * }
 * }</pre>
 */
public final class Inspection {

    private final RuleSet rules;
    private final HttpServletRequest req;
    private final HttpServletResponse res;
    private final Supplier<String> fallbackIds;

    private Transaction tx;
    private RequestLog log;
    private BufferedBody body;

    /** @param fallbackIds incident ids for the case where the engine fails before a transaction exists */
    public Inspection(RuleSet rules, HttpServletRequest req, HttpServletResponse res, Supplier<String> fallbackIds) {
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
            return forwarded();
        } catch (EngineFailure e) {
            return failed(e.getCause());
        }
    }

    /** Runs phase 5 and publishes the log lines; call once, whatever happened before. */
    public void finish() {
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
            tx.close();
            req.setAttribute(RequestLog.LINES_ATTRIBUTE, log.lines());
        }
    }

    private Transaction feedHeaders() {
        tx.connection(req.getRemoteAddr(), req.getRemotePort(), req.getLocalAddr(), req.getLocalPort());
        tx.serverName(byteString(req.getServerName()));
        String query = req.getQueryString();
        String target = query == null ? req.getRequestURI() : req.getRequestURI() + "?" + query;
        tx.requestLine(req.getMethod(), byteString(target), req.getProtocol());
        for (Enumeration<String> names = req.getHeaderNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            for (Enumeration<String> values = req.getHeaders(name); values.hasMoreElements(); ) {
                tx.requestHeader(byteString(name), byteString(values.nextElement()));
            }
        }
        return tx;
    }

    /** Reads the body for phase 2; false when the request was answered (413). */
    private boolean readBody() throws IOException {
        long limit = rules.requestBodyLimit();
        boolean reject = rules.rejectsOversizedBody() && tx.engineMode() == EngineMode.ON;
        long declared = req.getContentLengthLong();
        if (reject && declared > limit) {
            log.bodyTooLarge(limit, true);
            Responder.bodyTooLarge(tx.id(), req, res);
            return false;
        }
        body = BufferedBody.read(req.getInputStream(), declared, limit, reject);
        if (body.overLimit()) {
            log.bodyTooLarge(limit, false);
            Responder.bodyTooLarge(tx.id(), req, res);
            return false;
        }
        if (declared > 0 || body.length() > 0) {
            byte[] inspected = body.inspected();
            engine(() -> tx.requestBody(inspected));
        }
        return true;
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

    /** The original request when nothing was read from its body (the container still has it all), else a replay. */
    private HttpServletRequest forwarded() {
        if (body == null || (body.length() == 0 && body.rest() == null)) {
            return req;
        }
        return new ReplayingRequest(req, body);
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
