package dev.bulwark.demo;

import dev.bulwark.waf.cli.IncidentReport;
import java.util.List;
import java.util.regex.Pattern;
import org.owasp.encoder.Encode;

/**
 * The HTML of the incidents pages: the list of recent incidents and one incident, each with its explanation (from
 * {@link IncidentReport}, the command line's {@code explain}) and its suggested exclusions with copy buttons.
 *
 * <p>Everything that comes from a request or the log (ids, URIs, addresses, rule messages, variables, matched bytes,
 * file names, the SecLang, which quotes paths and keys) goes through the OWASP Java Encoder: {@code Encode.forHtml}
 * in text, {@code Encode.forHtmlAttribute} in attributes, {@code Encode.forUriComponent} in a link's path. The one
 * script is a constant carrying the response's CSP nonce and no data; the copy buttons find their text through
 * generated element ids. The page has no images, forms or frames, and its CSP forbids them.
 */
final class IncidentPage {

    /** What an incident id may look like in a URL: Bulwark's ids are 24 base64url characters. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** The page's path; an incident is at {@code PATH/ID}. */
    static final String PATH = "/bulwark/incidents";

    private static final String STYLE = """
            body { font: 15px/1.45 system-ui, sans-serif; margin: 1.5em; color: #1d1d1f; }
            h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin: 0 0 .4em; }
            .incident { border: 1px solid #ccc; border-radius: 6px; padding: .8em 1em; margin: 1em 0; }
            .blocked { border-left: 6px solid #b3261e; } .passed { border-left: 6px solid #8a8a8a; }
            dl { display: grid; grid-template-columns: max-content 1fr; gap: .15em 1em; margin: .4em 0; }
            dt { color: #555; } dd { margin: 0; }
            code, pre { font: 13px/1.4 ui-monospace, monospace; overflow-wrap: break-word; }
            pre, td.matched code { overflow-wrap: anywhere; }
            table { border-collapse: collapse; margin: .6em 0; width: 100%; }
            th, td { border-bottom: 1px solid #e2e2e2; padding: .25em .5em; text-align: left; vertical-align: top; }
            th { font-weight: 600; color: #444; }
            pre { background: #f4f4f6; padding: .6em .8em; border-radius: 4px; white-space: pre-wrap; }
            .note { white-space: pre-line; margin: .6em 0 .2em; }
            .muted { color: #666; }
            button { font: inherit; padding: .15em .7em; }
            """;

    /**
     * Copies a SecLang block: through the asynchronous clipboard API when the page may use it (a secure context such
     * as http://localhost), else by selecting the block's text (and trying the old copy command) so that Ctrl+C
     * copies it. The button says which happened ({@code data-state}: copied, copied-by-selection or selected).
     */
    private static final String SCRIPT = """
            (function () {
              function select(button, pre) {
                var range = document.createRange();
                range.selectNodeContents(pre);
                var selection = window.getSelection();
                selection.removeAllRanges();
                selection.addRange(range);
                var copied = false;
                try { copied = document.execCommand('copy'); } catch (e) { copied = false; }
                button.textContent = copied ? 'Copied' : 'Selected: press Ctrl+C';
                button.setAttribute('data-state', copied ? 'copied-by-selection' : 'selected');
              }
              document.querySelectorAll('button[data-copy]').forEach(function (button) {
                button.addEventListener('click', function () {
                  var pre = document.getElementById(button.getAttribute('data-copy'));
                  if (navigator.clipboard && window.isSecureContext) {
                    navigator.clipboard.writeText(pre.textContent).then(function () {
                      button.textContent = 'Copied';
                      button.setAttribute('data-state', 'copied');
                    }, function () { select(button, pre); });
                  } else {
                    select(button, pre);
                  }
                });
              });
            })();
            """;

    private IncidentPage() {}

    /** What the list page says about the reading of the log. */
    record ListInfo(String auditLog, boolean logFound, int shown, int limit, int unreadable, boolean budgetExhausted,
            String allowedNetworks) {}

    /** The list page: the incidents newest first. */
    static String list(List<IncidentReport> incidents, ListInfo info, String nonce) {
        StringBuilder b = start("Bulwark incidents", nonce);
        b.append("<h1>Incidents</h1>\n<p class=\"muted\">");
        if (!info.logFound()) {
            b.append("The audit log <code>").append(Encode.forHtml(info.auditLog()))
                    .append("</code> does not exist yet: no request has been recorded.");
        } else if (incidents.isEmpty()) {
            b.append("No incidents in the audit log <code>").append(Encode.forHtml(info.auditLog()))
                    .append("</code>.");
        } else {
            b.append("The ").append(info.shown()).append(info.shown() == 1 ? " most recent transaction" :
                    " most recent transactions").append(" in the audit log <code>")
                    .append(Encode.forHtml(info.auditLog())).append("</code>, newest first (at most ")
                    .append(info.limit()).append(").");
        }
        if (info.unreadable() > 0) {
            b.append(' ').append(info.unreadable()).append(info.unreadable() == 1
                    ? " line was not an audit record and was skipped."
                    : " lines were not audit records and were skipped.");
        }
        if (info.budgetExhausted()) {
            b.append(" Only the end of a large log was read; older incidents: <code>explain</code> on the command"
                    + " line.");
        }
        b.append("</p>\n");
        int n = 0;
        for (IncidentReport r : incidents) {
            incident(b, r, n++, true);
        }
        b.append("<p class=\"muted\">This page is served to ").append(Encode.forHtml(info.allowedNetworks()))
                .append(" only (the demo's <code>--incidents-from</code>).</p>\n");
        return end(b, nonce);
    }

    /** One incident's page. */
    static String detail(IncidentReport r, String nonce) {
        StringBuilder b = start("Bulwark incident " + r.id(), nonce);
        b.append("<p><a href=\"").append(PATH).append("\">All incidents</a></p>\n");
        incident(b, r, 0, false);
        return end(b, nonce);
    }

    /** The page for an id that is not in the (recent) log. */
    static String notFound(String id, String auditLog, String nonce) {
        StringBuilder b = start("Bulwark incident not found", nonce);
        b.append("<p><a href=\"").append(PATH).append("\">All incidents</a></p>\n");
        b.append("<h1>Incident not found</h1>\n<p>No incident <code>").append(Encode.forHtml(id))
                .append("</code> in the recent part of the audit log <code>").append(Encode.forHtml(auditLog))
                .append("</code>. For older ones, use <code>explain --audit-log FILE ID</code> on the command line."
                        + "</p>\n");
        return end(b, nonce);
    }

    private static void incident(StringBuilder b, IncidentReport r, int index, boolean linked) {
        b.append("<section class=\"incident ").append(r.blocked() ? "blocked" : "passed").append("\">\n");
        b.append(linked ? "<h2>" : "<h1>").append("Incident ");
        String id = Encode.forHtml(r.id());
        if (linked && ID.matcher(r.id()).matches()) {
            b.append("<a href=\"").append(Encode.forHtmlAttribute(PATH + "/" + Encode.forUriComponent(r.id())))
                    .append("\"><code>").append(id).append("</code></a>");
        } else {
            b.append("<code>").append(id).append("</code>");
        }
        b.append(linked ? "</h2>\n" : "</h1>\n");
        b.append("<dl>\n");
        item(b, "Time", r.timeStamp().isEmpty() ? "?" : r.timeStamp(), false);
        item(b, "Client", r.clientIp(), false);
        item(b, "Request", r.requestLine(), true);
        item(b, "Verdict", r.verdict(), false);
        item(b, "Anomaly score", r.anomaly(), false);
        b.append("</dl>\n");

        List<IncidentReport.Match> matches = r.matches();
        if (matches.isEmpty()) {
            b.append("<p class=\"muted\">No rule match is logged for it.</p>\n");
        } else {
            b.append("<table>\n<thead><tr><th>Rule</th><th>Message</th><th>Variable</th><th>Matched</th>"
                    + "<th>Rule file</th><th>Phase</th><th>Role</th></tr></thead>\n<tbody>\n");
            for (IncidentReport.Match m : matches) {
                b.append("<tr><td>").append(m.ruleId() < 0 ? "?" : Long.toString(m.ruleId())).append("</td><td>")
                        .append(Encode.forHtml(m.message())).append("</td><td><code>")
                        .append(Encode.forHtml(m.variable())).append("</code></td><td class=\"matched\"><code>")
                        .append(Encode.forHtml(m.matched())).append("</code>");
                if (m.truncated()) {
                    b.append(" <span class=\"muted\">(the first ").append(m.loggedLength()).append(" of ")
                            .append(m.wholeLength()).append(" bytes)</span>");
                }
                if (!m.operator().isEmpty()) {
                    b.append("<br><span class=\"muted\">operator</span> <code>").append(Encode.forHtml(m.operator()))
                            .append("</code>");
                }
                b.append("</td><td><code>").append(Encode.forHtml(m.location())).append("</code></td><td>")
                        .append(m.phase() < 0 ? "?" : Integer.toString(m.phase())).append("</td><td>")
                        .append(Encode.forHtml(m.role())).append("</td></tr>\n");
            }
            b.append("</tbody>\n</table>\n");
        }

        int k = 0;
        for (IncidentReport.Suggestion s : r.suggestions()) {
            b.append("<p class=\"note\">").append(Encode.forHtml(s.note())).append("</p>\n");
            if (!s.secLang().isEmpty()) {
                String preId = "seclang-" + index + "-" + k++;
                b.append("<pre id=\"").append(preId).append("\">").append(Encode.forHtml(s.secLang()))
                        .append("</pre>\n<button type=\"button\" data-copy=\"").append(preId).append("\">Copy</button>\n");
            }
        }
        b.append("</section>\n");
    }

    private static void item(StringBuilder b, String term, String value, boolean code) {
        b.append("<dt>").append(term).append("</dt><dd>").append(code ? "<code>" : "").append(Encode.forHtml(value))
                .append(code ? "</code>" : "").append("</dd>\n");
    }

    private static StringBuilder start(String title, String nonce) {
        StringBuilder b = new StringBuilder(16 * 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(Encode.forHtml(title)).append("</title>\n<style nonce=\"").append(Encode.forHtmlAttribute(nonce))
                .append("\">\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        return b;
    }

    private static String end(StringBuilder b, String nonce) {
        b.append("<script nonce=\"").append(Encode.forHtmlAttribute(nonce)).append("\">\n").append(SCRIPT)
                .append("</script>\n</body>\n</html>\n");
        return b.toString();
    }
}
