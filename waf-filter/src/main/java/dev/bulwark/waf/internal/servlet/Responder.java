package dev.bulwark.waf.internal.servlet;

import dev.bulwark.waf.Verdict;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.owasp.encoder.Encode;

/**
 * Writes the answers the WAF gives instead of the application: block pages (HTML, or JSON for clients that accept
 * it), drops, redirects, 413 and the fail-closed 500. Pages name only the incident id, never anything from the
 * request, and everything placed in them goes through an encoder.
 */
final class Responder {

    static final String INCIDENT_HEADER = "X-Bulwark-Incident";

    private Responder() {}

    /** Carries out an interrupting verdict. */
    static void interrupt(Verdict verdict, String incidentId, HttpServletRequest req, HttpServletResponse res)
            throws IOException {
        switch (verdict.outcome()) {
            case REDIRECT -> redirect(verdict, incidentId, res);
            case DROP -> drop(incidentId, res);
            default -> page(verdict.status() >= 400 && verdict.status() <= 599 ? verdict.status() : 403,
                    "Request blocked", "request blocked", incidentId, req, res);
        }
    }

    static void bodyTooLarge(String incidentId, HttpServletRequest req, HttpServletResponse res) throws IOException {
        // The unread rest of the body must not be taken for the next request on this connection.
        res.setHeader("Connection", "close");
        page(413, "Request body too large", "request body too large", incidentId, req, res);
    }

    /** {@code SecResponseBodyLimitAction Reject}: the response is refused with 500, as ModSecurity does. */
    static void responseBodyTooLarge(String incidentId, HttpServletRequest req, HttpServletResponse res)
            throws IOException {
        page(500, "Response refused", "response body too large", incidentId, req, res);
    }

    static void internalError(String incidentId, HttpServletRequest req, HttpServletResponse res) throws IOException {
        page(500, "Request refused", "internal error", incidentId, req, res);
    }

    /**
     * Servlets cannot abort a connection portably: answer 403 with no body and {@code Connection: close}, so the
     * container closes the connection after this response (HTTP/1.1).
     */
    private static void drop(String incidentId, HttpServletResponse res) throws IOException {
        if (res.isCommitted()) {
            return;
        }
        res.resetBuffer();
        res.setStatus(403);
        res.setHeader("Connection", "close");
        res.setHeader(INCIDENT_HEADER, incidentId);
        res.setContentLength(0);
        res.flushBuffer();
    }

    private static void redirect(Verdict verdict, String incidentId, HttpServletResponse res) throws IOException {
        if (res.isCommitted()) {
            return;
        }
        res.resetBuffer();
        int status = verdict.status() >= 300 && verdict.status() <= 399 ? verdict.status() : 302;
        res.setStatus(status);
        res.setHeader("Location", safeLocation(verdict.location()));
        res.setHeader(INCIDENT_HEADER, incidentId);
        res.setContentLength(0);
        res.flushBuffer();
    }

    private static void page(int status, String title, String jsonError, String incidentId, HttpServletRequest req,
            HttpServletResponse res) throws IOException {
        if (res.isCommitted()) {
            return;
        }
        res.resetBuffer();
        res.setStatus(status);
        res.setHeader(INCIDENT_HEADER, incidentId);
        res.setHeader("Cache-Control", "no-store");
        String body;
        if (acceptsJson(req.getHeader("Accept"))) {
            res.setContentType("application/json");
            body = "{\"error\":\"" + jsonError + "\",\"incident\":\"" + jsonString(incidentId) + "\"}";
        } else {
            res.setContentType("text/html;charset=UTF-8");
            body = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + Encode.forHtml(title)
                    + "</title></head>\n<body><h1>" + Encode.forHtml(title) + "</h1>\n<p>Incident id: <code>"
                    + Encode.forHtml(incidentId) + "</code></p></body></html>\n";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        res.setContentLength(bytes.length);
        try (OutputStream out = res.getOutputStream()) {
            out.write(bytes);
        }
    }

    /** JSON clients: {@code Accept} names {@code application/json} or a {@code +json} type. */
    static boolean acceptsJson(String accept) {
        if (accept == null) {
            return false;
        }
        return AsciiCase.contains(accept, "application/json") || AsciiCase.contains(accept, "+json");
    }

    /**
     * A JSON string body. The OWASP encoder's JavaScript contexts write {@code \xHH}, which JSON does not allow, so
     * JSON gets {@code \\uHHHH} escapes for everything but letters, digits and {@code -_.}.
     */
    private static String jsonString(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.') {
                b.append(c);
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        return b.toString();
    }

    /** The redirect target with control, space and non-ASCII bytes %-encoded, so it cannot split the header. */
    private static String safeLocation(String location) {
        String loc = location == null ? "/" : location;
        StringBuilder b = null;
        for (int i = 0; i < loc.length(); i++) {
            char c = loc.charAt(i);
            boolean unsafe = c <= 0x20 || c >= 0x7f;
            if (unsafe && b == null) {
                b = new StringBuilder(loc.length() + 16).append(loc, 0, i);
            }
            if (b != null) {
                if (unsafe) {
                    for (byte x : String.valueOf(c).getBytes(c <= 0xff ? StandardCharsets.ISO_8859_1
                            : StandardCharsets.UTF_8)) {
                        b.append('%').append(Character.toUpperCase(Character.forDigit((x >> 4) & 0xf, 16)))
                                .append(Character.toUpperCase(Character.forDigit(x & 0xf, 16)));
                    }
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? loc : b.toString();
    }
}
