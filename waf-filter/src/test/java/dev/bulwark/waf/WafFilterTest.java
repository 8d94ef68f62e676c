package dev.bulwark.waf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.waf.testsupport.WafServer;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filter in a real Jetty 12, over real HTTP. */
class WafFilterTest {

    static final String RULES = """
            SecRule ARGS "@rx (?i)union\\s+select" "id:1001,phase:2,deny,log,msg:'SQL injection',\\
                logdata:'%{MATCHED_VAR}',severity:CRITICAL,tag:'attack-sqli',tag:'test',ver:'test/1'"
            SecRule REQUEST_HEADERS:User-Agent "@rx evilbot" "id:1002,phase:1,deny,log,msg:'bad bot'"
            SecRule REQUEST_COOKIES "@rx <script" "id:1003,phase:1,deny,log,msg:'XSS in cookie'"
            SecRule ARGS "@rx <script" "id:1004,phase:2,deny,log,msg:'XSS'"
            SecRule ARGS:trace "@rx ^log" "id:1005,phase:2,pass,log,logdata:'%{MATCHED_VAR}'"
            SecRule ARGS:redirect "@rx ^go$" "id:1006,phase:1,redirect:http://example.com/blocked,log"
            SecRule ARGS:drop "@rx ^now$" "id:1007,phase:1,drop,log"
            SecRule REQUEST_BODY "@rx FORBIDDEN" "id:1008,phase:2,deny,log"
            SecRule ARGS:quiet "@rx ." "id:1009,phase:2,pass,nolog"
            """;

    static WafServer server;
    static final HttpClient CLIENT = HttpClient.newHttpClient();
    static final AtomicInteger KEYS = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        server = new WafServer(new WafFilter(RuleSet.fromText(RULES)), Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    record Reply(HttpResponse<byte[]> response, List<String> lines) {
        int status() {
            return response.statusCode();
        }

        String text() {
            return new String(response.body(), StandardCharsets.UTF_8);
        }

        String incident() {
            return response.headers().firstValue("X-Bulwark-Incident").orElse(null);
        }

        /** The only line logged for rule {@code id}. */
        String line(long id) {
            List<String> l = lines.stream().filter(s -> s.contains("[id \"" + id + "\"]")).toList();
            assertEquals(1, l.size(), "lines for rule " + id + ": " + lines);
            return l.get(0);
        }
    }

    static Reply send(WafServer s, HttpRequest.Builder b, String path) throws Exception {
        String key = "k" + KEYS.incrementAndGet();
        HttpRequest r = b.uri(s.uri(path)).header(WafServer.KEY_HEADER, key).build();
        HttpResponse<byte[]> response = CLIENT.send(r, HttpResponse.BodyHandlers.ofByteArray());
        return new Reply(response, s.lines(key));
    }

    static Reply get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder().GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(server, b, path);
    }

    static Reply post(WafServer s, String path, String contentType, byte[] body) throws Exception {
        return send(s, HttpRequest.newBuilder().header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), path);
    }

    static void assertBlocked(Reply r, int status, long ruleId, int phase) {
        assertEquals(status, r.status(), r.text());
        String id = r.incident();
        assertNotNull(id, "X-Bulwark-Incident header");
        assertTrue(r.text().contains(id), "page names the incident: " + r.text());
        String line = r.line(ruleId);
        assertTrue(line.startsWith("ModSecurity: Access denied with code " + status + " (phase " + phase + ")."),
                line);
        assertTrue(line.contains("[unique_id \"" + id + "\"]"), line);
    }

    // ---- benign traffic ----

    @Test
    void getWhenBenignThenApplicationAnswers() throws Exception {
        Reply r = get("/hello?q=weather%20today");
        assertEquals(200, r.status());
        assertEquals("ok", r.text());
        assertEquals(List.of(), r.lines());
        assertFalse(r.response().headers().firstValue("X-Bulwark-Incident").isPresent());
    }

    @Test
    void postWhenBinaryBodyLargerThanBuffersThenEchoedByteForByte() throws Exception {
        byte[] body = new byte[300_000];
        new Random(42).nextBytes(body);
        Reply r = post(server, "/echo", "application/octet-stream", body);
        assertEquals(200, r.status());
        assertArrayEquals(body, r.response().body());
    }

    @Test
    void postWhenChunkedBodyThenEchoedByteForByte() throws Exception {
        byte[] body = new byte[100_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31 + 7);
        }
        Reply r = send(server, HttpRequest.newBuilder().header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))), "/echo");
        assertEquals(200, r.status());
        assertArrayEquals(body, r.response().body());
    }

    @Test
    void postWhenJsonThenReaderReplaysItInTheRequestEncoding() throws Exception {
        String json = "{\"name\":\"h\u00e9llo \u2713\",\"n\":1}";
        Reply utf8 = post(server, "/reader", "application/json", json.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, utf8.status());
        assertEquals(json, utf8.text());

        String latin = "caf\u00e9";
        Reply iso = post(server, "/reader", "text/plain; charset=ISO-8859-1",
                latin.getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(latin, iso.text());
    }

    @Test
    void postWhenFormThenParametersWorkAfterInspection() throws Exception {
        Reply r = post(server, "/params?a=1&q=%E2%9C%93", "application/x-www-form-urlencoded",
                "b=caf%C3%A9&a=2&c=x+y&empty=&bad=%zz".getBytes(StandardCharsets.US_ASCII));
        assertEquals(200, r.status());
        assertEquals("a=1|2\nq=\u2713\nb=caf\u00e9\nc=x y\nempty=\nbad=%zz\n", r.text());
    }

    @Test
    void postWhenFormBodyIsBenignThenEchoedUnchanged() throws Exception {
        byte[] body = "name=Ren%C3%A9e&note=\u00ff\u0000raw".getBytes(StandardCharsets.ISO_8859_1);
        Reply r = post(server, "/echo", "application/x-www-form-urlencoded", body);
        assertEquals(200, r.status());
        assertArrayEquals(body, r.response().body());
    }

    // ---- attacks ----

    @Test
    void getWhenAttackInQueryThenBlockedWithIncidentIdInPageAndLog() throws Exception {
        Reply r = get("/search?q=1%20UNION%20SELECT%20password");
        assertBlocked(r, 403, 1001, 2);
        assertTrue(r.response().headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        String line = r.line(1001);
        assertTrue(line.contains("Pattern match \"(?i)union\\\\s+select\" at ARGS:q."), line);
        assertTrue(line.contains("[msg \"SQL injection\"] [data \"1 UNION SELECT password\"]"), line);
        assertTrue(line.contains("[severity \"CRITICAL\"] [ver \"test/1\"] [tag \"attack-sqli\"] [tag \"test\"]"),
                line);
        assertTrue(line.contains("[hostname \"127.0.0.1\"] [uri \"/search\"]"), line);
        assertTrue(line.contains("[file \"<inline rules>\"] [line \"1\"]"), line);
    }

    @Test
    void getWhenAttackInHeaderThenBlockedInPhaseOne() throws Exception {
        assertBlocked(get("/", "User-Agent", "Mozilla evilbot/1.0"), 403, 1002, 1);
    }

    @Test
    void getWhenAttackInCookieThenBlocked() throws Exception {
        assertBlocked(get("/", "Cookie", "theme=dark; session=<script>x"), 403, 1003, 1);
    }

    @Test
    void postWhenAttackInFormBodyThenBlocked() throws Exception {
        Reply r = post(server, "/echo", "application/x-www-form-urlencoded",
                "comment=%3Cscript%3Ealert(1)%3C%2Fscript%3E".getBytes(StandardCharsets.US_ASCII));
        assertBlocked(r, 403, 1004, 2);
        assertTrue(r.line(1004).contains("at ARGS:comment."), r.line(1004));
    }

    @Test
    void blockWhenClientAcceptsJsonThenJsonBody() throws Exception {
        Reply r = get("/api?q=union%20select", "Accept", "application/json, text/plain;q=0.5");
        assertEquals(403, r.status());
        assertEquals("application/json", r.response().headers().firstValue("Content-Type").orElse("")
                .split(";")[0]);
        assertEquals("{\"error\":\"request blocked\",\"incident\":\"" + r.incident() + "\"}", r.text());
    }

    @Test
    void blockWhenXssInUrlThenNothingFromTheRequestIsReflected() throws Exception {
        Reply r = get("/%3Cscript%3Ealert(1)%3C/script%3E?x=%3Cscript%3Ealert(2)%3C/script%3E&marker=zq9");
        assertEquals(403, r.status());
        String page = r.text();
        for (String reflected : List.of("script", "alert", "zq9", "%3C", "<s")) {
            assertFalse(page.contains(reflected), reflected + " reflected in " + page);
        }
        // The log keeps the request text, escaped.
        assertTrue(r.line(1004).contains("[uri \"/%3Cscript%3Ealert(1)%3C/script%3E\"]"), r.line(1004));
    }

    @Test
    void redirectActionAnswers302WithLocation() throws Exception {
        Reply r = get("/?redirect=go");
        assertEquals(302, r.status());
        assertEquals("http://example.com/blocked", r.response().headers().firstValue("Location").orElse(null));
        assertTrue(r.line(1006).startsWith("ModSecurity: Access denied with redirection to"), r.line(1006));
    }

    @Test
    void dropActionAnswersWithoutBodyAndClosesTheConnection() throws Exception {
        Reply r = get("/?drop=now");
        assertEquals(403, r.status());
        assertEquals(0, r.response().body().length);
        assertTrue(r.line(1007).startsWith("ModSecurity: Access denied with connection close (phase 1)."));
    }

    @Test
    void nologRuleWhenMatchedThenNoLine() throws Exception {
        Reply r = get("/?quiet=1");
        assertEquals(200, r.status());
        assertEquals(List.of(), r.lines());
    }

    // ---- logging ----

    @Test
    void logLineWhenMatchedValueHasCrLfAndQuotesThenStaysOneEscapedLine() throws Exception {
        Reply r = post(server, "/", "application/x-www-form-urlencoded",
                "trace=log%0D%0AModSecurity:%20Access%20denied%20[id%20%22999%22]%20%5C%00%FF%22"
                        .getBytes(StandardCharsets.US_ASCII));
        assertEquals(200, r.status());
        String line = r.line(1005);
        assertTrue(line.startsWith("ModSecurity: Warning. Pattern match \"^log\" at ARGS:trace."), line);
        assertFalse(line.contains("\r") || line.contains("\n"), line);
        assertFalse(line.contains("[id \"999\"]"), "forged field: " + line);
        assertTrue(line.contains("[data \"log\\x0d\\x0aModSecurity: Access denied [id \\\"999\\\"] \\\\\\x00\\xff\\\"\"]"),
                line);
        for (char c : line.toCharArray()) {
            assertTrue(c >= 0x20 && c < 0x7f, "non-printable char " + (int) c + " in " + line);
        }
    }

    @Test
    void logLineWhenValueIsHugeThenCapped() throws Exception {
        Reply r = get("/?trace=log" + "A".repeat(5000));
        String line = r.line(1005);
        assertTrue(line.length() < 2000, "line length " + line.length());
        assertTrue(line.contains("AAA...\"]"), line);
    }

    @Test
    void matchesGoToSystemLoggerAtWarning() throws Exception {
        Logger jul = Logger.getLogger("dev.bulwark.waf");
        List<LogRecord> records = Collections.synchronizedList(new java.util.ArrayList<>());
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        jul.addHandler(h);
        try {
            Reply r = get("/?q=union%20select");
            String expected = r.line(1001);
            assertTrue(records.stream().anyMatch(rec -> rec.getLevel() == Level.WARNING
                    && rec.getMessage().equals(expected)), "records: " + records.stream()
                    .map(LogRecord::getMessage).collect(Collectors.toList()));
        } finally {
            jul.removeHandler(h);
        }
    }

    // ---- configuration through init-params ----

    static Path rulesFile(Path dir, String rules) throws Exception {
        Path f = dir.resolve("rules-" + KEYS.incrementAndGet() + ".conf");
        Files.writeString(f, rules, StandardCharsets.ISO_8859_1);
        return f;
    }

    @Test
    void detectionOnlyWhenAttackThenPassesAndLogsWarning(@TempDir Path dir) throws Exception {
        try (WafServer s = new WafServer(new WafFilter(),
                Map.of("rules", rulesFile(dir, RULES).toString(), "engineMode", "DetectionOnly"))) {
            Reply r = send(s, HttpRequest.newBuilder().GET(), "/?q=union%20select");
            assertEquals(200, r.status());
            assertEquals("ok", r.text());
            String line = r.line(1001);
            assertTrue(line.startsWith("ModSecurity: Warning. Pattern match"), line);
            assertTrue(line.contains("[file \"" + dir.toString()), line);
        }
    }

    @Test
    void rulesParamLoadsSeveralSourcesInOrder(@TempDir Path dir) throws Exception {
        String spec = "classpath:bulwark-test/classpath-rules.conf,\n  " + rulesFile(dir, RULES) + "\n";
        try (WafServer s = new WafServer(new WafFilter(), Map.of("rules", spec))) {
            Reply fromClasspath = send(s, HttpRequest.newBuilder().GET().header("X-Classpath-Rule", "fire"), "/");
            assertEquals(403, fromClasspath.status());
            assertTrue(fromClasspath.line(2001).contains("[file \"classpath:bulwark-test/classpath-rules.conf\"]"
                    + " [line \"2\"]"), fromClasspath.line(2001));
            assertEquals(403, send(s, HttpRequest.newBuilder().GET(), "/?q=union%20select").status());
        }
    }

    @Test
    void bodyOverLimitWhenRejectThen413(@TempDir Path dir) throws Exception {
        try (WafServer s = new WafServer(new WafFilter(),
                Map.of("rules", rulesFile(dir, RULES).toString(), "requestBodyLimit", "1000"))) {
            Reply exact = post(s, "/echo", "application/octet-stream", new byte[1000]);
            assertEquals(200, exact.status());
            assertEquals(1000, exact.response().body().length);

            Reply declared = post(s, "/echo", "application/octet-stream", new byte[5000]);
            assertEquals(413, declared.status());
            assertTrue(declared.text().contains(declared.incident()));
            assertTrue(declared.lines().get(0).startsWith(
                    "ModSecurity: Request body (Content-Length) is larger than the configured limit (1000)."));

            byte[] big = new byte[1500];
            Reply chunked = send(s, HttpRequest.newBuilder().header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))), "/echo");
            assertEquals(413, chunked.status());
            assertTrue(chunked.lines().get(0).startsWith(
                    "ModSecurity: Request body is larger than the configured limit (1000)."), chunked.lines().get(0));
        }
    }

    @Test
    void bodyOverLimitWhenProcessPartialThenInspectsTheStartAndAppGetsEverything() throws Exception {
        String rules = "SecRequestBodyLimit 1000\nSecRequestBodyLimitAction ProcessPartial\n" + RULES;
        try (WafServer s = new WafServer(new WafFilter(RuleSet.fromText(rules)), Map.of())) {
            byte[] late = ("x".repeat(1500) + "FORBIDDEN" + "y".repeat(3000)).getBytes(StandardCharsets.US_ASCII);
            // REQUEST_BODY is filled for urlencoded bodies (ModSecurity semantics), hence the content type.
            String form = "application/x-www-form-urlencoded";
            Reply passed = post(s, "/echo", form, late);
            assertEquals(200, passed.status(), "bytes past the limit are not inspected");
            assertArrayEquals(late, passed.response().body());

            byte[] early = ("FORBIDDEN" + "y".repeat(3000)).getBytes(StandardCharsets.US_ASCII);
            assertEquals(403, post(s, "/echo", form, early).status());

            String pairs = "a=" + "1".repeat(1200) + "&b=2&c=" + "3".repeat(2000);
            Reply params = post(s, "/params", form, pairs.getBytes(StandardCharsets.US_ASCII));
            assertEquals("a=" + "1".repeat(1200) + "\nb=2\nc=" + "3".repeat(2000) + "\n", params.text());
        }
    }

    @Test
    void failModeClosedWhenInspectionFailsThen500PageWithIncidentOnly() throws Exception {
        Reply r = get("/?x=1", WafServer.EXPLODE_HEADER, "1");
        assertEquals(500, r.status());
        String id = r.incident();
        assertNotNull(id);
        assertTrue(r.text().contains(id), r.text());
        assertFalse(r.text().contains("simulated") || r.text().contains("Exception"), r.text());
        assertTrue(r.lines().get(0).startsWith("ModSecurity: Internal error (java.lang.IllegalStateException);"
                + " fail mode closed, request refused with 500."), r.lines().get(0));
        assertTrue(r.lines().get(0).contains("[unique_id \"" + id + "\"]"));
    }

    @Test
    void failModeOpenWhenInspectionFailsThenPassesAndLogs(@TempDir Path dir) throws Exception {
        try (WafServer s = new WafServer(new WafFilter(),
                Map.of("rules", rulesFile(dir, RULES).toString(), "failMode", "open"))) {
            Reply r = send(s, HttpRequest.newBuilder().header(WafServer.EXPLODE_HEADER, "1")
                    .POST(HttpRequest.BodyPublishers.ofString("payload")), "/echo");
            assertEquals(200, r.status());
            assertEquals("payload", r.text());
            assertTrue(r.lines().get(0).contains("fail mode open, request passed on"), r.lines().get(0));
        }
    }

    // ---- init failures ----

    static FilterConfig params(Map<String, String> p) {
        return new FilterConfig() {
            @Override
            public String getFilterName() {
                return "bulwark";
            }

            @Override
            public ServletContext getServletContext() {
                return null;
            }

            @Override
            public String getInitParameter(String name) {
                return p.get(name);
            }

            @Override
            public Enumeration<String> getInitParameterNames() {
                return Collections.enumeration(p.keySet());
            }
        };
    }

    @Test
    void initWhenRulesFileBrokenThenFailsWithFileAndLine(@TempDir Path dir) throws Exception {
        Path f = rulesFile(dir, "SecRule ARGS \"@rx a\" \"id:1,phase:1,deny\"\n\nSecRule ARGS \"@nope a\" \"id:2\"\n");
        ServletException e = assertThrows(ServletException.class,
                () -> new WafFilter().init(params(Map.of("rules", f.toString()))));
        assertTrue(e.getMessage().contains(f + ":3"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown operator '@nope'"), e.getMessage());
        assertTrue(e.getCause() instanceof RuleLoadException);
    }

    @Test
    void initWhenParamInvalidThenFailsNamingIt(@TempDir Path dir) throws Exception {
        String rules = rulesFile(dir, RULES).toString();
        Map<String, String> bad = Map.of("engineMode", "Maybe", "requestBodyLimit", "lots", "requestBodyAccess",
                "yes", "failMode", "ajar");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            ServletException ex = assertThrows(ServletException.class,
                    () -> new WafFilter().init(params(Map.of("rules", rules, e.getKey(), e.getValue()))));
            assertTrue(ex.getMessage().contains("'" + e.getKey() + "'") && ex.getMessage().contains(e.getValue()),
                    ex.getMessage());
        }
        ServletException missing = assertThrows(ServletException.class, () -> new WafFilter().init(params(Map.of())));
        assertTrue(missing.getMessage().contains("'rules' is required"), missing.getMessage());
    }

    @Test
    void initWhenParamsValidThenSettingsApply(@TempDir Path dir) throws Exception {
        WafFilter f = new WafFilter();
        f.init(params(Map.of("rules", rulesFile(dir, RULES).toString(), "engineMode", "off",
                "requestBodyLimit", "2048", "requestBodyAccess", "Off", "failMode", "OPEN")));
        assertEquals(EngineMode.OFF, f.ruleSet().engineMode());
        assertEquals(2048, f.ruleSet().requestBodyLimit());
        assertFalse(f.ruleSet().requestBodyAccess());
        assertEquals(FailMode.OPEN, f.ruleSet().config().failMode());
    }

    @Test
    void requestTargetReachesRulesUndecoded() throws Exception {
        // REQUEST_URI_RAW sees %3C as sent: the filter hands the raw target to the engine.
        try (WafServer s = new WafServer(new WafFilter(RuleSet.fromText(
                "SecRule REQUEST_URI_RAW \"@rx ^/a%3Cb\\?x=%3E$\" \"id:3001,phase:1,deny,log\"")), Map.of())) {
            Reply r = send(s, HttpRequest.newBuilder().GET(), "/a%3Cb?x=%3E");
            assertEquals(403, r.status());
            assertEquals(200, send(s, HttpRequest.newBuilder().GET(), "/a%3Cb?x=%3E%3E").status());
        }
    }

    @Test
    void headersReachRulesAsBytesInOrderWithRepeats() throws Exception {
        // Raw socket: a non-UTF-8 byte (0xE9) in a header value and a repeated header.
        String rules = """
                SecRule REQUEST_HEADERS:X-Data "@rx ^caf\\xe9$" "id:4001,phase:1,deny,log"
                SecRule REQUEST_HEADERS:X-Rep "@rx ^second$" "id:4002,phase:1,deny,status:406,log"
                """;
        try (WafServer s = new WafServer(new WafFilter(RuleSet.fromText(rules)), Map.of())) {
            assertEquals(403, rawStatus(s, "X-Data: caf\u00e9\r\n"));
            assertEquals(200, rawStatus(s, "X-Data: caf\u00c3\u00a9\r\n"), "UTF-8 é is two bytes, not 0xE9");
            assertEquals(406, rawStatus(s, "X-Rep: first\r\nX-Rep: second\r\n"));
        }
    }

    static int rawStatus(WafServer s, String headers) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", s.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: localhost\r\n" + headers + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String reply = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(reply.substring(9, 12));
        }
    }
}
