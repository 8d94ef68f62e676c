package dev.bulwark.waf.internal.audit;

import dev.bulwark.waf.RuleLoadException;
import dev.bulwark.waf.RuleSet;
import dev.bulwark.waf.RuleSource;
import dev.bulwark.waf.Transaction;
import dev.bulwark.waf.WafConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Rule sets and transactions for the audit tests: a request fed through every phase, as the filter does. */
final class AuditFixtures {

    /** A CRS-like pair: an attack rule on ARGS with anomaly scoring, and a blocking evaluation in phase 2. */
    static final String RULES = String.join("\n",
            "SecAction \"id:900000,phase:1,pass,nolog,setvar:tx.critical_anomaly_score=5,"
                    + "setvar:tx.inbound_anomaly_score_threshold=5\"",
            "SecRule ARGS \"@rx (?i)<script\" \"id:941100,phase:2,pass,log,auditlog,t:none,"
                    + "msg:'XSS Attack Detected',logdata:'Matched Data: %{TX.0} found within %{MATCHED_VAR_NAME}: "
                    + "%{MATCHED_VAR}',severity:2,tag:'attack-xss',tag:'paranoia-level/1',ver:'OWASP_CRS/4.0.0',"
                    + "capture,setvar:'tx.inbound_anomaly_score_pl1=+%{tx.critical_anomaly_score}'\"",
            "SecRule TX:INBOUND_ANOMALY_SCORE_PL1 \"@ge %{tx.inbound_anomaly_score_threshold}\" "
                    + "\"id:949110,phase:2,deny,status:403,log,msg:'Inbound Anomaly Score Exceeded',"
                    + "setvar:tx.blocking_inbound_anomaly_score=%{tx.inbound_anomaly_score_pl1}\"",
            "SecRule ARGS:quiet \"@streq x\" \"id:100,phase:2,pass,log,noauditlog,msg:'quiet'\"");

    private AuditFixtures() {}

    static RuleSet rules(String text) {
        try {
            return RuleSet.fromText(text);
        } catch (RuleLoadException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    static RuleSet rules(String text, WafConfig.Builder config) {
        try {
            return RuleSet.compile(config.rules(RuleSource.text(text, "audit.conf")).build());
        } catch (RuleLoadException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** A request in the making: what the transaction is fed and what the snapshot records are the same data. */
    static final class Exchange {
        String method = "GET";
        String uri = "/";
        final List<String[]> headers = new ArrayList<>();
        byte[] body;
        int status = 200;
        final List<String[]> responseHeaders = new ArrayList<>();
        byte[] responseBody;

        Exchange request(String method, String uri) {
            this.method = method;
            this.uri = uri;
            return this;
        }

        Exchange header(String name, String value) {
            headers.add(new String[] {name, value});
            return this;
        }

        Exchange body(String latin1) {
            body = latin1.getBytes(StandardCharsets.ISO_8859_1);
            return this;
        }

        Exchange status(int s) {
            status = s;
            return this;
        }

        Exchange responseHeader(String name, String value) {
            responseHeaders.add(new String[] {name, value});
            return this;
        }

        Exchange responseBody(String latin1) {
            responseBody = latin1.getBytes(StandardCharsets.ISO_8859_1);
            return this;
        }

        /** Runs every phase; the status becomes the verdict's when the rules interrupt. */
        Transaction run(RuleSet rules) {
            Transaction tx = rules.newTransaction();
            tx.connection("203.0.113.7", 51234, "10.0.0.1", 8080);
            tx.requestLine(method, uri, "HTTP/1.1");
            for (String[] h : headers) {
                tx.requestHeader(h[0], h[1]);
            }
            tx.processRequestHeaders();
            if (body != null) {
                tx.requestBody(body);
            }
            tx.processRequestBody();
            if (tx.verdict().isInterrupted()) {
                status = tx.verdict().status();
            } else {
                tx.responseStatus(status, "HTTP/1.1");
                for (String[] h : responseHeaders) {
                    tx.responseHeader(h[0], h[1]);
                }
                tx.processResponseHeaders();
            }
            tx.processLogging();
            return tx;
        }

        RequestSnapshot request() {
            RequestSnapshot.Builder b = RequestSnapshot.builder()
                    .connection("203.0.113.7", 51234, "10.0.0.1", 8080)
                    .requestLine(method, uri, "HTTP/1.1");
            for (String[] h : headers) {
                b.header(h[0], h[1]);
            }
            if (body != null) {
                b.body(body, body.length);
            }
            return b.build();
        }

        ResponseSnapshot response() {
            ResponseSnapshot.Builder b = ResponseSnapshot.builder().status(status);
            for (String[] h : responseHeaders) {
                b.header(h[0], h[1]);
            }
            if (responseBody != null) {
                b.body(responseBody, responseBody.length);
            }
            return b.build();
        }

        /** Runs the transaction and takes its record with {@code parts} and default redaction. */
        AuditRecord record(RuleSet rules, String parts) {
            Transaction tx = run(rules);
            return AuditRecord.capture(tx, request(), response(), AuditParts.parse(parts),
                    Redaction.of(List.of(), List.of()));
        }
    }

    static Exchange exchange() {
        return new Exchange();
    }
}
