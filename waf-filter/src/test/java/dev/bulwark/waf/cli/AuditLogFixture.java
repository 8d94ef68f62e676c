package dev.bulwark.waf.cli;

import dev.bulwark.waf.AuditEngine;
import dev.bulwark.waf.RuleLoadException;
import dev.bulwark.waf.RuleSet;
import dev.bulwark.waf.RuleSource;
import dev.bulwark.waf.Transaction;
import dev.bulwark.waf.WafConfig;
import dev.bulwark.waf.internal.audit.AuditLog;
import dev.bulwark.waf.internal.audit.RequestSnapshot;
import dev.bulwark.waf.internal.audit.ResponseSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes real audit logs for the command-line tests: requests run through every phase of a rule set as the filter
 * runs them, and recorded through the public {@link AuditLog} (the same code path as production, JSON written by
 * Bulwark's own writer). Also runs the command line and captures what it prints.
 */
final class AuditLogFixture implements AutoCloseable {

    /**
     * CRS-like rules: detections add 5 to an inbound score, an evaluation rule denies at the threshold (5), which the
     * rules keep in {@code tx.inbound_anomaly_score_threshold} so the log records it.
     */
    static final String SCORING_RULES = String.join("\n",
            "SecRuleEngine On",
            "SecRequestBodyAccess On",
            "SecAction \"id:900,phase:1,pass,nolog,setvar:tx.inbound_anomaly_score_threshold=5,"
                    + "setvar:tx.blocking_inbound_anomaly_score=0\"",
            "SecRule ARGS \"@rx select\" \"id:1001,phase:2,pass,log,t:none,t:lowercase,msg:'SQL keyword',"
                    + "setvar:tx.blocking_inbound_anomaly_score=+5\"",
            "SecRule ARGS \"@detectSQLi\" \"id:1002,phase:2,pass,log,t:none,msg:'SQL injection (libinjection)',"
                    + "setvar:tx.blocking_inbound_anomaly_score=+5\"",
            "SecRule ARGS \"@rx <script\" \"id:1003,phase:2,pass,log,t:none,t:lowercase,msg:'Script tag',"
                    + "setvar:tx.blocking_inbound_anomaly_score=+5\"",
            "SecRule REQUEST_HEADERS:User-Agent \"@rx scanner\" \"id:1004,phase:1,pass,log,t:none,t:lowercase,"
                    + "msg:'Scanner user agent',setvar:tx.blocking_inbound_anomaly_score=+5\"",
            "SecRule TX:BLOCKING_INBOUND_ANOMALY_SCORE \"@ge %{tx.inbound_anomaly_score_threshold}\" "
                    + "\"id:1999,phase:2,deny,status:403,log,msg:'Inbound anomaly score exceeded',"
                    + "tag:'anomaly-evaluation'\"");

    private final RuleSet rules;
    private final AuditLog audit;
    private final Path file;
    private boolean closed;

    /** Records every transaction of {@code rules} (audit engine On, default parts ABCFHKZ) into {@code file}. */
    AuditLogFixture(Path file, String rules) throws IOException {
        this(file, rules, null);
    }

    /** The same with other audit log parts. */
    AuditLogFixture(Path file, String rules, String parts) throws IOException {
        this.file = file;
        WafConfig.Builder config = WafConfig.builder().rules(RuleSource.text(rules, "rules.conf"))
                .auditLog(file).auditEngine(AuditEngine.ON);
        if (parts != null) {
            config.auditLogParts(parts);
        }
        try {
            this.rules = RuleSet.compile(config.build());
        } catch (RuleLoadException e) {
            throw new AssertionError(e.getMessage(), e);
        }
        this.audit = AuditLog.open(this.rules, "test");
    }

    Path file() {
        return file;
    }

    /** A request to send. */
    static final class Request {
        String client = "203.0.113.7";
        String method = "GET";
        String uri = "/";
        final List<String[]> headers = new ArrayList<>();
        byte[] body;

        Request client(String address) {
            client = address;
            return this;
        }

        Request header(String name, String value) {
            headers.add(new String[] {name, value});
            return this;
        }

        /** A form post of {@code body} (a byte string) to {@code uri}. */
        Request form(String uri, String body) {
            method = "POST";
            this.uri = uri;
            header("Content-Type", "application/x-www-form-urlencoded");
            header("Content-Length", Integer.toString(body.length()));
            this.body = body.getBytes(StandardCharsets.ISO_8859_1);
            return this;
        }

        Request get(String uri) {
            method = "GET";
            this.uri = uri;
            return this;
        }
    }

    static Request request() {
        return new Request().header("Host", "shop.example").header("User-Agent", "Mozilla/5.0");
    }

    static Request post(String uri, String body) {
        return request().form(uri, body);
    }

    /** Runs {@code r} through the rules, records it, and returns its incident id. */
    String send(Request r) {
        Transaction tx = rules.newTransaction();
        tx.connection(r.client, 50000, "10.0.0.1", 8080);
        tx.requestLine(r.method, r.uri, "HTTP/1.1");
        RequestSnapshot.Builder req = RequestSnapshot.builder().connection(r.client, 50000, "10.0.0.1", 8080)
                .requestLine(r.method, r.uri, "HTTP/1.1");
        for (String[] h : r.headers) {
            tx.requestHeader(h[0], h[1]);
            req.header(h[0], h[1]);
        }
        tx.processRequestHeaders();
        if (!tx.verdict().isInterrupted()) {
            if (r.body != null) {
                tx.requestBody(r.body);
                req.body(r.body, r.body.length);
            }
            tx.processRequestBody();
        }
        int status = 200;
        if (tx.verdict().isInterrupted()) {
            status = tx.verdict().status();
        } else {
            tx.responseStatus(200, "HTTP/1.1");
            tx.processResponseHeaders();
        }
        tx.processLogging();
        audit.record(tx, req.build(), ResponseSnapshot.builder().status(status).build());
        return tx.id();
    }

    /** Whether {@code r} is blocked by {@code rules} (used to check suggested exclusions). */
    static boolean blocked(RuleSet rules, Request r) {
        try (Transaction tx = rules.newTransaction()) {
            tx.connection(r.client, 50000, "10.0.0.1", 8080);
            tx.requestLine(r.method, r.uri, "HTTP/1.1");
            for (String[] h : r.headers) {
                tx.requestHeader(h[0], h[1]);
            }
            tx.processRequestHeaders();
            if (!tx.verdict().isInterrupted()) {
                if (r.body != null) {
                    tx.requestBody(r.body);
                }
                tx.processRequestBody();
            }
            tx.processLogging();
            return tx.verdict().isInterrupted();
        }
    }

    /** Writes everything recorded so far and closes the log. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            audit.close(Duration.ofSeconds(30));
            if (audit.written() == 0 && audit.writeErrors() > 0) {
                throw new AssertionError("the audit log could not be written");
            }
        }
    }

    /** What one run of the command line did. */
    record Run(int status, String out, String err) {}

    /** Runs the command line with {@code args}. */
    static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.ISO_8859_1);
                PrintStream e = new PrintStream(err, true, StandardCharsets.ISO_8859_1)) {
            status = Main.run(args, o, e);
        }
        return new Run(status, out.toString(StandardCharsets.ISO_8859_1), err.toString(StandardCharsets.ISO_8859_1));
    }

    static RuleSet compile(String rules) {
        try {
            return RuleSet.fromText(rules);
        } catch (RuleLoadException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
