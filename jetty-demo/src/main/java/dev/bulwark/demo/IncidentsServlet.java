package dev.bulwark.demo;

import dev.bulwark.waf.cli.IncidentReport;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /bulwark/incidents}: the most recent incidents of the demo's audit log, newest first, each explained as
 * {@code explain} does (rules, fields, matched bytes, anomaly score) with the suggested exclusion ready to copy;
 * {@code GET /bulwark/incidents/ID}: one incident. See {@link IncidentsAccess} for who may see it (loopback only by
 * default); everybody else gets the same 404 as for a page that does not exist, whatever the method.
 *
 * <p>Init-params: {@code allowFrom} (networks, default {@value IncidentsAccess#LOOPBACK}); {@code auditLog} (default:
 * the {@code auditLog} init-param of the filter named {@value DemoServer#FILTER_NAME}).
 *
 * <p>Every response carries a strict Content-Security-Policy with a fresh nonce (no other script or style runs, no
 * image, frame or form), {@code nosniff}, {@code no-referrer}, {@code no-store} and a frame ban. The page is excluded
 * from response inspection by the demo's rule {@code bulwark-demo/incidents-page.conf}: its HTML quotes attacks and
 * must not be taken for a leak.
 */
public final class IncidentsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** How many incidents the list shows. */
    static final int LIST_LIMIT = 100;

    /** Bytes of the log a list read at most (the newest records are at the end, so this is rarely reached). */
    static final long LIST_BUDGET = 32L * 1024 * 1024;

    /** Bytes of the log (and its rotated files) searched for one incident. */
    static final long DETAIL_BUDGET = 128L * 1024 * 1024;

    private static final int BLOCK = 64 * 1024;
    private static final SecureRandom NONCES = new SecureRandom();
    private static final System.Logger LOG = System.getLogger("dev.bulwark.demo");

    private transient IncidentsAccess access;
    private transient Path auditLog;

    @Override
    public void init() throws ServletException {
        String allow = getInitParameter("allowFrom");
        try {
            access = IncidentsAccess.parse(allow == null || allow.isBlank() ? IncidentsAccess.LOOPBACK : allow);
        } catch (IllegalArgumentException e) {
            throw new ServletException("init-param allowFrom: " + e.getMessage(), e);
        }
        String log = getInitParameter("auditLog");
        if (log == null || log.isBlank()) {
            FilterRegistration filter = getServletContext().getFilterRegistration(DemoServer.FILTER_NAME);
            log = filter == null ? null : filter.getInitParameter("auditLog");
        }
        auditLog = log == null || log.isBlank() ? null : Path.of(log.trim()).toAbsolutePath();
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String refusal = access.refusal(req.getRemoteAddr(), req.getHeader("Host"), h -> req.getHeader(h) != null);
        if (refusal != null) {
            LOG.log(System.Logger.Level.DEBUG, "incidents page refused to {0}: {1}", req.getRemoteAddr(), refusal);
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        super.service(req, resp);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String nonce = nonce();
        String info = req.getPathInfo();
        if (info == null || info.equals("/")) {
            send(resp, 200, list(nonce), nonce);
            return;
        }
        String id = info.substring(1);
        IncidentReport found = validId(id) ? find(id) : null;
        if (found == null) {
            send(resp, 404, IncidentPage.notFound(id, logName(), nonce), nonce);
        } else {
            send(resp, 200, IncidentPage.detail(found, nonce), nonce);
        }
    }

    private static boolean validId(String id) {
        return IncidentPage.ID.matcher(id).matches();
    }

    private String list(String nonce) throws IOException {
        List<IncidentReport> incidents = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int[] unreadable = new int[1];
        AuditLogTail tail = null;
        if (auditLog != null) {
            tail = new AuditLogTail(auditLog, LIST_BUDGET, BLOCK);
            tail.read(line -> {
                try {
                    IncidentReport r = IncidentReport.parse(line, auditLog.toString());
                    // a rotation during the read can show a record twice
                    if (ids.add(r.id())) {
                        incidents.add(r);
                    }
                } catch (IllegalArgumentException e) {
                    unreadable[0]++;
                }
                return incidents.size() < LIST_LIMIT;
            });
        }
        return IncidentPage.list(incidents, new IncidentPage.ListInfo(logName(), tail != null && tail.found(),
                incidents.size(), LIST_LIMIT, unreadable[0] + (tail == null ? 0 : tail.oversized()),
                tail != null && tail.budgetExhausted(), access.networks().replace(",", ", ")), nonce);
    }

    /** The newest record of incident {@code id} in the recent log, or null. */
    private IncidentReport find(String id) throws IOException {
        if (auditLog == null) {
            return null;
        }
        // the id is plain ASCII in the log: only lines holding it are parsed
        String needle = "\"unique_id\":\"" + id + "\"";
        IncidentReport[] found = new IncidentReport[1];
        new AuditLogTail(auditLog, DETAIL_BUDGET, BLOCK).read(line -> {
            if (!line.contains(needle)) {
                return true;
            }
            try {
                IncidentReport r = IncidentReport.parse(line, auditLog.toString());
                if (r.id().equals(id)) {
                    found[0] = r;
                    return false;
                }
            } catch (IllegalArgumentException e) {
                // not a record: keep looking
            }
            return true;
        });
        return found[0];
    }

    private String logName() {
        return auditLog == null ? "(none: the filter has no auditLog init-param)" : auditLog.toString();
    }

    private static String nonce() {
        byte[] b = new byte[18];
        NONCES.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    private static void send(HttpServletResponse resp, int status, String html, String nonce) throws IOException {
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("text/html;charset=UTF-8");
        resp.setHeader("Content-Security-Policy", "default-src 'none'; script-src 'nonce-" + nonce + "'; "
                + "style-src 'nonce-" + nonce + "'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Referrer-Policy", "no-referrer");
        resp.setHeader("X-Frame-Options", "DENY");
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
