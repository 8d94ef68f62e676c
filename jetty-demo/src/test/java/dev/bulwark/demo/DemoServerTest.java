package dev.bulwark.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The demo over real HTTP: the server runs in-process on a free port with the web.xml a user would deploy, and the
 * filter's log lines are captured from the {@code dev.bulwark.waf} logger (System.Logger's default backend is JUL).
 */
class DemoServerTest {

    private static final Logger WAF_LOGGER = Logger.getLogger("dev.bulwark.waf");
    private static final List<String> LOG = Collections.synchronizedList(new ArrayList<>());
    private static final Handler CAPTURE = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            LOG.add(formatter.formatMessage(record));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static DemoServer server;

    @BeforeAll
    static void startDefault() throws Exception {
        WAF_LOGGER.addHandler(CAPTURE);
        WAF_LOGGER.setLevel(Level.ALL);
        server = launch("--port", "0");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        WAF_LOGGER.removeHandler(CAPTURE);
    }

    @BeforeEach
    void clearLog() throws InterruptedException {
        awaitQuiet(LOG);
        LOG.clear();
    }

    /**
     * Waits until no line has been added for a moment: a blocked request's block page reaches the client before the
     * filter has run phase 5 and written its last lines, which must not spill into the next test.
     */
    /**
     * Whether a line of {@code log} satisfying {@code wanted} is written within five seconds. The filter publishes
     * its lines when the request is done, which may be just after the client has the response; the list is read
     * under its lock, since the server thread may be adding to it.
     */
    static boolean awaitLine(List<String> log, Predicate<String> wanted) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            synchronized (log) {
                if (log.stream().anyMatch(wanted)) {
                    return true;
                }
            }
            Thread.sleep(100);
        }
        return false;
    }

    static void awaitQuiet(List<String> log) throws InterruptedException {
        int seen = -1;
        for (int i = 0; i < 50 && log.size() != seen; i++) {
            seen = log.size();
            Thread.sleep(100);
        }
    }

    /** Every demo of these tests writes its audit log here, not into the working directory. */
    static final Path AUDIT_DIR = tempDir();

    private static Path tempDir() {
        try {
            Path d = java.nio.file.Files.createTempDirectory("bulwark-demo-test");
            d.toFile().deleteOnExit();
            return d;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static DemoServer launch(String... given) {
        List<String> all = new ArrayList<>(List.of(given));
        if (!all.contains("--no-waf") && !all.contains("--audit-log")) {
            all.add("--audit-log");
            all.add(AUDIT_DIR.resolve("audit-" + System.nanoTime() + ".log").toString());
        }
        String[] args = all.toArray(String[]::new);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        DemoServer.Launch l = DemoServer.launch(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        assertNotNull(l.server(), () -> "did not start (exit " + l.exitCode() + "): " + err.toString(StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("http://localhost:" + l.server().port() + "/"), printed);
        assertTrue(printed.contains("Active rule sources:"), printed);
        return l.server();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static HttpResponse<byte[]> get(DemoServer s, String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + s.port() + pathAndQuery)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<byte[]> post(DemoServer s, String path, String contentType, byte[] body)
            throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://localhost:" + s.port() + path))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return HTTP.send(r, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    /** Checks a 403 with an incident id in header and page, matching the unique_id of the rule's log line. */
    private static void assertBlocked(HttpResponse<byte[]> r, long detectionRuleId) throws InterruptedException {
        assertEquals(403, r.statusCode(), () -> text(r));
        String incident = r.headers().firstValue("X-Bulwark-Incident").orElse(null);
        assertNotNull(incident, "X-Bulwark-Incident header");
        assertFalse(incident.isBlank());
        assertTrue(text(r).contains(incident), () -> "page does not name incident " + incident + ": " + text(r));
        assertTrue(awaitLine(LOG, l -> l.contains("[unique_id \"" + incident + "\"]")
                && l.contains("[id \"" + detectionRuleId + "\"]")),
                () -> "no log line [id \"" + detectionRuleId + "\"] for incident " + incident + " in " + LOG);
    }

    // ---- benign traffic ----

    @Test
    void benignGetPasses() throws Exception {
        HttpResponse<byte[]> r = get(server, "/?q=" + enc("select a product") + "&name=" + enc("O'Brien"),
                "User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
                "Referer", "https://shop.example.com/search?q=drop+us+a+line",
                "Cookie", "session=3f9a1c; theme=dark");
        assertEquals(200, r.statusCode());
        assertTrue(text(r).contains("<h1>Bulwark demo</h1>"));
        assertTrue(r.headers().firstValue("X-Bulwark-Incident").isEmpty());
    }

    @Test
    void benignFormIsEchoed() throws Exception {
        String form = "name=" + enc("Miles O'Brien") + "&comment=" + enc("drop us a line; prices from $19.99")
                + "&email=" + enc("miles.obrien+ds9@example.com");
        HttpResponse<byte[]> r = post(server, "/post", "application/x-www-form-urlencoded",
                form.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode(), () -> text(r));
        assertEquals("name=Miles O'Brien\ncomment=drop us a line; prices from $19.99\n"
                + "email=miles.obrien+ds9@example.com\n", text(r));
    }

    @Test
    void benignJsonIsEchoedByteForByte() throws Exception {
        byte[] json = "{\"name\":\"Zoë O'Brien\",\"items\":[1,2.50,{\"note\":\"select a product\"}],\"ok\":true}"
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> r = post(server, "/api/echo", "application/json", json);
        assertEquals(200, r.statusCode(), () -> text(r));
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        assertArrayEquals(json, r.body());
    }

    @Test
    void uploadReportsEachPartThroughGetParts() throws Exception {
        String boundary = "----bulwarkdemo7MA4YWxkTrZu0gW";
        String body = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"title\"\r\n\r\n"
                + "holiday\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\n"
                + "0123456789\r\n"
                + "--" + boundary + "--\r\n";
        HttpResponse<byte[]> r = post(server, "/upload", "multipart/form-data; boundary=" + boundary,
                body.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode(), () -> text(r));
        assertEquals("name=title size=7 crc32=" + crc32("holiday") + "\n"
                + "name=file filename=notes.txt size=10 crc32=" + crc32("0123456789") + "\n", text(r));
    }

    @Test
    void uploadOfASpooledBodyKeepsEveryByte() throws Exception {
        String boundary = "----bulwarkdemoLarge";
        StringBuilder content = new StringBuilder();
        for (int i = 0; content.length() < 700_000; i++) {
            content.append("line ").append(i).append('\n');
        }
        String body = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n\r\n"
                + content + "\r\n--" + boundary + "--\r\n";
        HttpResponse<byte[]> r = post(server, "/upload", "multipart/form-data; boundary=" + boundary,
                body.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode(), () -> text(r));
        assertEquals("name=file filename=big.txt size=" + content.length() + " crc32=" + crc32(content.toString())
                + "\n", text(r));
    }

    @Test
    void uploadOverTheBodyLimitIsRefusedWith413() throws Exception {
        byte[] body = new byte[13_107_201];
        HttpResponse<byte[]> r = post(server, "/upload", "multipart/form-data; boundary=x", body);
        assertEquals(413, r.statusCode());
    }

    private static String crc32(String s) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(s.getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", crc.getValue());
    }

    // ---- bad input ----

    /** Bodies the processors cannot parse (or refuse) are answered 400 by base.conf rule 200002, with the reason. */
    @Test
    void malformedOrRefusedBodiesAreAnswered400WithTheParserMessage() throws Exception {
        assertBodyError(post(server, "/api/echo", "application/json", "{\"a\": ".getBytes(StandardCharsets.UTF_8)),
                "JSON parsing error");
        assertBodyError(post(server, "/api/echo", "application/json",
                ("[".repeat(600) + "]".repeat(600)).getBytes(StandardCharsets.UTF_8)),
                "JSON parsing error: JSON depth limit exceeded (limit 512)");
        assertBodyError(post(server, "/post", "text/xml", "<a><b></a>".getBytes(StandardCharsets.UTF_8)),
                "XML parsing error");
        assertBodyError(post(server, "/post", "application/xml", ("<!DOCTYPE x [<!ENTITY e SYSTEM"
                + " \"file:///etc/passwd\">]><x>&e;</x>").getBytes(StandardCharsets.UTF_8)), "XML parsing error");
        assertBodyError(post(server, "/upload", "multipart/form-data; boundary=b",
                "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n".getBytes(StandardCharsets.UTF_8)),
                "Multipart parsing error: Multipart: Final boundary missing.");
    }

    @Test
    void tooManyArgumentsAreRefusedWith400() throws Exception {
        StringBuilder form = new StringBuilder("a0=0");
        for (int i = 1; i < 1000; i++) {
            form.append("&a").append(i).append('=').append(i);
        }
        HttpResponse<byte[]> r = post(server, "/post", "application/x-www-form-urlencoded",
                form.toString().getBytes(StandardCharsets.UTF_8));
        assertEquals(400, r.statusCode(), () -> text(r));
        String incident = r.headers().firstValue("X-Bulwark-Incident").orElseThrow();
        assertTrue(awaitLine(LOG, l -> l.contains("[unique_id \"" + incident + "\"]") && l.contains("[id \"200007\"]")),
                LOG::toString);
    }

    private static void assertBodyError(HttpResponse<byte[]> r, String reason) throws InterruptedException {
        assertEquals(400, r.statusCode(), () -> text(r));
        String incident = r.headers().firstValue("X-Bulwark-Incident").orElseThrow();
        assertTrue(awaitLine(LOG, l -> l.contains("[unique_id \"" + incident + "\"]") && l.contains("[id \"200002\"]")
                && l.contains("[data \"" + reason)), () -> "no 200002 line with '" + reason + "' in " + LOG);
    }

    // ---- attacks ----

    @Test
    void attackInQueryIsBlocked() throws Exception {
        assertBlocked(get(server, "/?id=" + enc("1' or 1=1")), 101000);
    }

    @Test
    void attackInUserAgentIsBlocked() throws Exception {
        assertBlocked(get(server, "/", "User-Agent", "<script>alert(1)</script>"), 102000);
    }

    @Test
    void attackInCookieIsBlocked() throws Exception {
        assertBlocked(get(server, "/", "Cookie", "session=abc; file=" + enc("../../../etc/passwd")), 103000);
    }

    @Test
    void attackInFormIsBlocked() throws Exception {
        assertBlocked(post(server, "/post", "application/x-www-form-urlencoded",
                ("name=x&comment=" + enc("1 union select password from users")).getBytes(StandardCharsets.UTF_8)),
                101002);
    }

    @Test
    void attackInJsonIsBlocked() throws Exception {
        assertBlocked(post(server, "/api/echo", "application/json",
                "{\"user\":{\"bio\":\"<img src=x onerror=alert(1)>\"}}".getBytes(StandardCharsets.UTF_8)), 102002);
    }

    // ---- exclusions, detection only, broken rules ----

    @Test
    void exclusionsLetOneFalsePositivePassAndKeepTheRest() throws Exception {
        Path exclusions = Path.of(DemoServerTest.class.getResource("/exclusions-test.conf").toURI());
        try (DemoServer s = launch("--port", "0", "--rules", "classpath:bulwark/bulwark.conf",
                "--rules", exclusions.toString())) {
            byte[] snippet = ("snippet=" + enc("<script>alert(1)</script>")).getBytes(StandardCharsets.UTF_8);
            HttpResponse<byte[]> passed = post(s, "/post", "application/x-www-form-urlencoded", snippet);
            assertEquals(200, passed.statusCode(), () -> "SecRuleUpdateTargetById: " + text(passed));
            assertEquals("snippet=<script>alert(1)</script>\n", text(passed));
            assertBlocked(post(s, "/post", "application/x-www-form-urlencoded",
                    ("other=" + enc("<script>alert(1)</script>")).getBytes(StandardCharsets.UTF_8)), 102000);

            byte[] comment = ("comment=" + enc("log in as admin'-- then")).getBytes(StandardCharsets.UTF_8);
            HttpResponse<byte[]> passed2 = post(s, "/post", "application/x-www-form-urlencoded", comment);
            assertEquals(200, passed2.statusCode(), () -> "ctl:ruleRemoveTargetById: " + text(passed2));
            assertBlocked(post(s, "/post", "application/x-www-form-urlencoded",
                    ("title=" + enc("log in as admin'-- then")).getBytes(StandardCharsets.UTF_8)), 101004);
            assertBlocked(get(s, "/?comment=" + enc("log in as admin'-- then")), 101004);
        }
    }

    @Test
    void auditLogRecordsTheBlockedRequestUnderItsIncidentId() throws Exception {
        Path audit = AUDIT_DIR.resolve("explicit.log");
        String incident;
        try (DemoServer s = launch("--port", "0", "--audit-log", audit.toString())) {
            HttpResponse<byte[]> r = get(s, "/?id=1%27%20or%201%3D1");
            assertEquals(403, r.statusCode());
            incident = r.headers().firstValue("X-Bulwark-Incident").orElseThrow();
            // the record is written after the block page went out, by the log's own thread: wait for it
            for (int i = 0; i < 100 && !(java.nio.file.Files.exists(audit)
                    && java.nio.file.Files.readString(audit).contains(incident)); i++) {
                Thread.sleep(50);
            }
        }
        String lines = java.nio.file.Files.readString(audit);
        assertTrue(lines.contains("\"unique_id\":\"" + incident + "\""), lines);
    }

    @Test
    void noWafServesTheApplicationWithoutInspection() throws Exception {
        try (DemoServer s = launch("--port", "0", "--no-waf")) {
            HttpResponse<byte[]> r = get(s, "/?id=1%27%20or%201%3D1");
            assertEquals(200, r.statusCode());
            assertFalse(r.headers().firstValue("X-Bulwark-Incident").isPresent());
            assertEquals(List.of(), LOG);
        }
    }

    @Test
    void cpuReportTimesTheChainAndPrintsALineEveryNRequests() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DemoServer.Launch l = DemoServer.launch(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true), "--port", "0", "--cpu-report", "3",
                "--audit-log", AUDIT_DIR.resolve("audit-cpu-" + System.nanoTime() + ".log").toString());
        try (DemoServer s = l.server()) {
            assertEquals(0, l.exitCode());
            for (int i = 0; i < 5; i++) {
                assertEquals(200, get(s, "/?q=shoes").statusCode());
            }
            // blocked requests go through the chain too
            assertEquals(403, get(s, "/?q=" + enc("<script>alert(1)</script>")).statusCode());
            // the client may see the response before the filter has returned and counted the request: wait for it
            List<String> reports = List.of();
            for (int i = 0; i < 100 && reports.size() < 2; i++) {
                if (i > 0) {
                    Thread.sleep(50);
                }
                reports = out.toString(StandardCharsets.UTF_8).lines()
                        .filter(line -> line.startsWith(CpuReport.PREFIX)).toList();
            }
            assertEquals(2, reports.size(), () -> "one line per 3 requests: " + out);
            assertTrue(reports.get(0).matches(
                    "CPU per request \\(filter chain, thread CPU\\): [0-9]+\\.[0-9] µs over 3 requests"), reports.get(0));
        }
    }

    @Test
    void detectionOnlyPassesAndLogs() throws Exception {
        try (DemoServer s = launch("--port", "0", "--mode", "DetectionOnly")) {
            HttpResponse<byte[]> r = get(s, "/?q=" + enc("<script>alert(1)</script>"));
            assertEquals(200, r.statusCode());
            assertTrue(text(r).contains("<h1>Bulwark demo</h1>"));
            assertTrue(awaitLine(LOG, l -> l.contains("[id \"102000\"]") && l.contains("[unique_id \"")),
                    () -> "no log line for rule 102000: " + LOG);
        }
    }

    @Test
    void brokenRulesStopStartUpWithFileAndLine() throws Exception {
        Path broken = Path.of(DemoServerTest.class.getResource("/broken-test.conf").toURI());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        DemoServer.Launch l = DemoServer.launch(new PrintStream(new ByteArrayOutputStream(), true),
                new PrintStream(err, true, StandardCharsets.UTF_8), "--port", "0", "--rules", broken.toString());
        assertNull(l.server());
        assertEquals(1, l.exitCode());
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains(broken + ":4"), message);
        assertTrue(message.contains("noSuchOperator"), message);
    }

    @Test
    void badArgumentsGiveUsageAndExitCode2() {
        for (String[] args : List.of(new String[] {"--port", "http"}, new String[] {"--rules"},
                new String[] {"--mode", "Sometimes"}, new String[] {"--verbose"})) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            DemoServer.Launch l = DemoServer.launch(new PrintStream(new ByteArrayOutputStream(), true),
                    new PrintStream(err, true, StandardCharsets.UTF_8), args);
            assertNull(l.server());
            assertEquals(2, l.exitCode(), String.join(" ", args));
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: java -jar jetty-demo.jar"));
        }
    }
}
