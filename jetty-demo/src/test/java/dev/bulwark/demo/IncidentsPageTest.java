package dev.bulwark.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.waf.cli.IncidentReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.owasp.encoder.Encode;

/**
 * The incidents page of a demo started in-process, over real HTTP: attack payloads from every reflected field come
 * back encoded, never raw; the list and one incident; who may see it; and that response rules leave it alone.
 */
class IncidentsPageTest {

    /** The payload of every field: it would set the title if it ever ran. */
    static final String XSS = "<img src=x onerror=\"document.title='pwned'\">";
    /** A shorter one where spaces are awkward (a raw request line, a cookie value). */
    static final String XSS_NO_SPACE = "<img/src=x/onerror=\"document.title='pwned'\">";
    /** The custom rule's message: literal markup, then the value it matched. */
    static final String MESSAGE_START = "Probe <svg onload=alert(1)> saw ";
    static final String SQL_ERROR = "You have an error in your SQL syntax";

    private static Path dir;
    private static Path audit;
    private static Path probeRules;
    private static DemoServer server;
    /** Incident ids in the order they were made, by name. */
    private static final Map<String, String> IDS = new LinkedHashMap<>();

    @BeforeAll
    static void startAndAttack() throws Exception {
        dir = Files.createTempDirectory("bulwark-incidents-test");
        audit = dir.resolve("audit.log");
        // a rule file whose name and message need encoding too
        probeRules = dir.resolve("probe-<b>&'\".conf");
        Files.writeString(probeRules, "SecRule ARGS:probe \"@rx .\" \"id:10300,phase:2,deny,status:403,log,t:none,"
                + "msg:'" + MESSAGE_START + "%{MATCHED_VAR}'\"\n"
                + "SecResponseBodyAccess On\n"
                + "SecRule RESPONSE_BODY \"@contains error in your SQL syntax\" \"id:10301,phase:4,deny,status:502,"
                + "log,msg:'SQL error message in a response'\"\n");
        server = start("--port", "0", "--audit-log", audit.toString(), "--rules", "classpath:bulwark/bulwark.conf",
                "--rules", probeRules.toString());

        // each audit record is written after its block page went out: let it land before the next request, so
        // the log holds them in the order sent
        IDS.put("query", blocked(raw(server.port(), "GET /?q=" + enc(XSS) + " HTTP/1.1", "Host: localhost")));
        awaitInList(List.copyOf(IDS.values()));
        IDS.put("raw uri", blocked(raw(server.port(), "GET /?q=" + XSS_NO_SPACE + " HTTP/1.1", "Host: localhost")));
        awaitInList(List.copyOf(IDS.values()));
        IDS.put("header", blocked(raw(server.port(), "GET / HTTP/1.1", "Host: localhost", "User-Agent: " + XSS)));
        awaitInList(List.copyOf(IDS.values()));
        IDS.put("cookie", blocked(raw(server.port(), "GET / HTTP/1.1", "Host: localhost",
                "Cookie: theme=dark; pref=" + XSS_NO_SPACE)));
        awaitInList(List.copyOf(IDS.values()));
        IDS.put("body", blocked(post(server.port(), "/post", "name=Ann&comment=" + enc(XSS))));
        awaitInList(List.copyOf(IDS.values()));
        IDS.put("message", blocked(post(server.port(), "/post", "probe=" + enc(SQL_ERROR))));
        awaitInList(List.copyOf(IDS.values()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        deleteTree(dir);
    }

    /** Deletes a test's temporary directory and everything in it. */
    static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (java.util.stream.Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Collections.reverseOrder()).collect(java.util.stream.Collectors.toList())) {
                Files.deleteIfExists(p);
            }
        }
    }

    // ---- encoding ----

    @Test
    void theListShowsEveryIncidentNewestFirstWithPayloadsEncoded() throws Exception {
        Response r = get(server.port(), "/bulwark/incidents");
        assertEquals(200, r.status());
        String html = r.body();
        assertNoRawMarkup(html);
        List<Integer> positions = new ArrayList<>();
        for (String id : IDS.values()) {
            positions.add(html.indexOf("/bulwark/incidents/" + id + "\""));
        }
        List<Integer> newestFirst = new ArrayList<>(positions);
        newestFirst.sort(Collections.reverseOrder());
        assertEquals(newestFirst, positions, "links in the list, newest first");
        assertFalse(positions.contains(-1), () -> "every incident is linked: " + positions);
        // every field's payload, as the matched value (transformations lower-case; the payload is lower case)
        assertTrue(html.contains(Encode.forHtml(XSS)), html);
        assertTrue(html.contains(Encode.forHtml(XSS_NO_SPACE)), html);
        assertTrue(html.contains("&lt;img src=x onerror=&#34;document.title=&#39;pwned&#39;&#34;&gt;"), html);
    }

    @Test
    void everyReflectedFieldIsEncodedOnItsIncidentPage() throws Exception {
        expectOnPage("query", "ARGS:q", Encode.forHtml(XSS), "GET /?q=" + enc(XSS) + " HTTP/1.1");
        expectOnPage("raw uri", "ARGS:q", Encode.forHtml(XSS_NO_SPACE),
                Encode.forHtml("GET /?q=" + XSS_NO_SPACE + " HTTP/1.1"));
        expectOnPage("header", "REQUEST_HEADERS:User-Agent", Encode.forHtml(XSS), "GET / HTTP/1.1");
        expectOnPage("cookie", "REQUEST_COOKIES:pref", Encode.forHtml(XSS_NO_SPACE), "GET / HTTP/1.1");
        expectOnPage("body", "ARGS:comment", Encode.forHtml(XSS), "POST /post HTTP/1.1");
        String probe = expectOnPage("message", "ARGS:probe", Encode.forHtml(SQL_ERROR), "POST /post HTTP/1.1");
        assertTrue(probe.contains(Encode.forHtml(MESSAGE_START + SQL_ERROR)), probe);
        // the rule file's name, with its line
        assertTrue(probe.contains(Encode.forHtml(probeRules.toString()) + ":1"), probe);
        assertTrue(probe.contains("probe-&lt;b&gt;&amp;&#39;&#34;.conf:1"), probe);
    }

    /** Checks the page of incident {@code name}; returns its HTML. */
    private static String expectOnPage(String name, String variable, String encodedMatch, String encodedRequest)
            throws Exception {
        String id = IDS.get(name);
        Response r = get(server.port(), "/bulwark/incidents/" + id);
        assertEquals(200, r.status(), name);
        String html = r.body();
        assertNoRawMarkup(html);
        assertTrue(html.contains("<code>" + id + "</code>"), name + ": " + html);
        assertTrue(html.contains("<code>" + Encode.forHtml(variable) + "</code>"), name + ": " + html);
        assertTrue(html.contains("<code>" + encodedMatch + "</code>"), name + ": " + html);
        assertTrue(html.contains("<code>" + encodedRequest + "</code>"), name + ": " + html);
        assertTrue(html.contains("blocked: DENY, status 403"), name);
        // the suggestion is the command line's, encoded, with a copy button
        IncidentReport report = IncidentReport.parse(logLineOf(id), "audit.log");
        IncidentReport.Suggestion narrow = report.suggestions().get(0);
        assertTrue(narrow.secLang().contains("ctl:ruleRemoveTargetById="), narrow.secLang());
        assertTrue(narrow.secLang().contains(";" + variable), narrow.secLang());
        assertTrue(html.contains("<pre id=\"seclang-0-0\">" + Encode.forHtml(narrow.secLang())
                + "</pre>\n<button type=\"button\" data-copy=\"seclang-0-0\">Copy</button>"), name + ": " + html);
        assertTrue(html.contains(Encode.forHtml(report.anomaly())), html);
        return html;
    }

    /** None of the payloads' markup, and only the page's own script. */
    private static void assertNoRawMarkup(String html) {
        for (String raw : new String[] {"<img", "<svg", "<b>", "onerror=\"", "'pwned'", "\"pwned\""}) {
            assertFalse(html.contains(raw), () -> "raw '" + raw + "' in " + html);
        }
        assertEquals(1, html.split("<script", -1).length - 1, "one script element");
        for (char c : html.toCharArray()) {
            assertTrue(c == '\n' || (c >= 0x20 && c < 0x7f), () -> "non-ASCII or control char " + (int) c);
        }
    }

    @Test
    void anUnknownIdIsA404PageWithTheIdEncoded() throws Exception {
        Response r = get(server.port(), "/bulwark/incidents/%3Cb%3Eid%3Ci%3E");
        assertEquals(404, r.status());
        assertTrue(r.body().contains("No incident <code>&lt;b&gt;id&lt;i&gt;</code>"), r.body());
        assertNoRawMarkup(r.body());
        Response unknown = get(server.port(), "/bulwark/incidents/AAAAAAAAAAAAAAAAAAAAAAAA");
        assertEquals(404, unknown.status());
        assertTrue(unknown.body().contains("No incident <code>AAAAAAAAAAAAAAAAAAAAAAAA</code>"), unknown.body());
    }

    @Test
    void securityHeadersWithAFreshNonceOnEveryResponse() throws Exception {
        Response a = get(server.port(), "/bulwark/incidents");
        Response b = get(server.port(), "/bulwark/incidents/" + IDS.get("query"));
        String nonceA = nonce(a);
        String nonceB = nonce(b);
        assertFalse(nonceA.equals(nonceB), "a nonce per response");
        for (Response r : List.of(a, b)) {
            String csp = r.header("content-security-policy");
            String nonce = nonce(r);
            assertEquals("default-src 'none'; script-src 'nonce-" + nonce + "'; style-src 'nonce-" + nonce
                    + "'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'", csp);
            assertTrue(r.body().contains("<script nonce=\"" + nonce + "\">"), r.body());
            assertTrue(r.body().contains("<style nonce=\"" + nonce + "\">"), r.body());
            assertEquals("nosniff", r.header("x-content-type-options"));
            assertEquals("no-referrer", r.header("referrer-policy"));
            assertEquals("DENY", r.header("x-frame-options"));
            assertEquals("no-store", r.header("cache-control"));
            assertTrue(r.header("content-type").startsWith("text/html"), r.header("content-type"));
        }
    }

    private static String nonce(Response r) {
        Matcher m = Pattern.compile("script-src 'nonce-([A-Za-z0-9+/=]{20,})'")
                .matcher(r.header("content-security-policy"));
        assertTrue(m.find(), r.header("content-security-policy"));
        return m.group(1);
    }

    // ---- response rules, audit ----

    @Test
    void responseRulesDoNotBlockThePageThatQuotesAnAttack() throws Exception {
        // the response rule works on other pages: a reflected SQL error message is stopped ...
        Response reflected = rawPost(server.port(), "/reflect", "application/json",
                "{\"body\":\"" + SQL_ERROR + "\"}");
        assertEquals(502, reflected.status(), reflected.body());
        // ... but the incident page, whose HTML quotes the same words, is served
        Response page = get(server.port(), "/bulwark/incidents/" + IDS.get("message"));
        assertEquals(200, page.status(), page.body());
        assertTrue(page.body().contains(SQL_ERROR));
        Response list = get(server.port(), "/bulwark/incidents");
        assertEquals(200, list.status());
        assertTrue(list.body().contains(SQL_ERROR));
    }

    @Test
    void viewingIncidentsRecordsNoNewOnes() throws Exception {
        get(server.port(), "/bulwark/incidents");
        get(server.port(), "/bulwark/incidents/" + IDS.get("query"));
        String marker = blocked(raw(server.port(), "GET /?q=" + enc("<script>alert(2)</script>") + " HTTP/1.1",
                "Host: localhost"));
        awaitInList(List.of(marker));
        String log = Files.readString(audit, StandardCharsets.ISO_8859_1);
        assertFalse(log.contains("\"uri\":\"/bulwark/incidents"), "page views in the audit log");
    }

    // ---- access ----

    @Test
    void requestsThroughAProxyOrToAnotherHostNameGet404() throws Exception {
        int port = server.port();
        assertEquals(200, raw(port, "GET /bulwark/incidents HTTP/1.1", "Host: localhost").status());
        assertEquals(200, raw(port, "GET /bulwark/incidents HTTP/1.1", "Host: 127.0.0.1:" + port).status());
        for (String[] h : new String[][] {{"X-Forwarded-For: 127.0.0.1"}, {"Forwarded: for=127.0.0.1"},
            {"X-Real-IP: 127.0.0.1"}, {"Via: 1.1 proxy"}}) {
            Response r = raw(port, "GET /bulwark/incidents HTTP/1.1", "Host: localhost", h[0]);
            assertEquals(404, r.status(), h[0]);
            assertFalse(r.body().contains("Incidents"), h[0]);
            Response detail = raw(port, "GET /bulwark/incidents/" + IDS.get("query") + " HTTP/1.1",
                    "Host: localhost", h[0]);
            assertEquals(404, detail.status(), h[0]);
        }
        // DNS rebinding: a page at evil.example resolved to 127.0.0.1 sends its own host name
        assertEquals(404, raw(port, "GET /bulwark/incidents HTTP/1.1", "Host: evil.example:" + port).status());
        // another method is a 404 too when refused (a 405 would tell the page exists), a 405 when allowed
        assertEquals(404, raw(port, "POST /bulwark/incidents HTTP/1.1", "Host: localhost", "X-Forwarded-For: 1.2.3.4",
                "Content-Length: 0").status());
        assertEquals(405, raw(port, "POST /bulwark/incidents HTTP/1.1", "Host: localhost", "Content-Length: 0")
                .status());
    }

    @Test
    void aClientOnAnotherInterfaceGets404UnlessAllowed() throws Exception {
        InetAddress other = nonLoopbackAddress();
        Assumptions.assumeTrue(other != null, "no non-loopback IPv4 interface on this machine: the remote-address "
                + "check is covered by IncidentsAccessTest only");
        String host = other.getHostAddress();
        // the demo listens on every interface: the application answers there, the incidents page does not
        assertEquals(200, raw(host, server.port(), "GET / HTTP/1.1", "Host: " + host).status());
        Response refused = raw(host, server.port(), "GET /bulwark/incidents HTTP/1.1", "Host: " + host);
        assertEquals(404, refused.status());
        assertEquals(404, raw(host, server.port(), "GET /bulwark/incidents/" + IDS.get("query") + " HTTP/1.1",
                "Host: " + host).status());
        try (DemoServer wider = start("--port", "0", "--audit-log", audit.toString(), "--incidents-from",
                host + "/32")) {
            Response allowed = raw(host, wider.port(), "GET /bulwark/incidents HTTP/1.1", "Host: " + host);
            assertEquals(200, allowed.status());
            assertTrue(allowed.body().contains(IDS.get("query")), allowed.body());
            assertTrue(allowed.body().contains("served to " + host + "/32 only"), allowed.body());
            // and loopback, no longer in the list, is refused
            assertEquals(404, raw(wider.port(), "GET /bulwark/incidents HTTP/1.1", "Host: localhost").status());
        }
    }

    private static InetAddress nonLoopbackAddress() throws IOException {
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isUp() || ni.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    return a;
                }
            }
        }
        return null;
    }

    // ---- the list: limit, unreadable lines ----

    @Test
    void theListShowsTheLatestHundredAndCountsWhatItCouldNotRead() throws Exception {
        Path log = dir.resolve("many.log");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 105; i++) {
            b.append(record(String.format(Locale.ROOT, "rec%021d", i))).append('\n');
            if (i == 103) {
                b.append("not json\n");
            }
        }
        b.append("{\"transaction\":{\"unique_id\":\"partial");
        Files.writeString(log, b, StandardCharsets.ISO_8859_1);
        try (DemoServer s = start("--port", "0", "--audit-log", log.toString())) {
            Response r = get(s.port(), "/bulwark/incidents");
            assertEquals(200, r.status());
            String html = r.body();
            assertEquals(100, html.split("<section class=\"incident", -1).length - 1);
            assertTrue(html.indexOf(String.format(Locale.ROOT, "rec%021d", 104))
                    < html.indexOf(String.format(Locale.ROOT, "rec%021d", 5)), "newest first");
            assertFalse(html.contains(String.format(Locale.ROOT, "rec%021d", 4)), "only the latest 100");
            assertFalse(html.contains("partial"));
            assertTrue(html.contains("1 line was not an audit record and was skipped."), html);
            assertTrue(html.contains("The 100 most recent transactions"), html);
        }
    }

    @Test
    void anEmptyOrMissingLogSaysSo() throws Exception {
        Path missing = dir.resolve("missing-dir-log.log");
        try (DemoServer s = start("--port", "0", "--audit-log", missing.toString())) {
            Files.deleteIfExists(missing); // the filter created it; a log rotated away leaves nothing either
            Response r = get(s.port(), "/bulwark/incidents");
            assertEquals(200, r.status());
            assertTrue(r.body().contains("does not exist yet"), r.body());
        }
    }

    private static String record(String id) {
        return "{\"transaction\":{\"client_ip\":\"192.0.2.1\",\"unique_id\":\"" + id + "\",\"request\":{\"method\":"
                + "\"GET\",\"http_version\":1.1,\"uri\":\"/x\"},\"messages\":[],\"bulwark\":{\"engine_mode\":\"On\","
                + "\"verdict\":{\"outcome\":\"DENY\",\"status\":403}}}}";
    }

    // ---- helpers ----

    static DemoServer start(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        DemoServer.Launch l = DemoServer.launch(new PrintStream(OutputStream.nullOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        assertNotNull(l.server(), () -> "did not start: " + err.toString(StandardCharsets.UTF_8));
        return l.server();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The incident id of a 403. */
    static String blocked(Response r) {
        assertEquals(403, r.status(), r::body);
        String id = r.header("x-bulwark-incident");
        assertNotNull(id);
        return id;
    }

    /** Waits (at most 15 s) until the list names every id: the audit log is written in the background. */
    private static void awaitInList(Iterable<String> ids) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (true) {
            String html = get(server.port(), "/bulwark/incidents").body();
            boolean all = true;
            for (String id : ids) {
                all &= html.contains(id);
            }
            if (all) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not in the list after 15 s: " + ids + "\n" + html);
            }
            Thread.sleep(100);
        }
    }

    private static String logLineOf(String id) throws IOException {
        for (String line : Files.readAllLines(audit, StandardCharsets.ISO_8859_1)) {
            if (line.contains("\"unique_id\":\"" + id + "\"")) {
                return line;
            }
        }
        throw new AssertionError("no audit log line for " + id);
    }

    static Response get(int port, String target) throws IOException {
        return raw(port, "GET " + target + " HTTP/1.1", "Host: localhost:" + port);
    }

    static Response post(int port, String target, String form) throws IOException {
        return rawPost(port, target, "application/x-www-form-urlencoded", form);
    }

    static Response rawPost(int port, String target, String contentType, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return raw("127.0.0.1", port, "POST " + target + " HTTP/1.1", b, "Host: localhost",
                "Content-Type: " + contentType, "Content-Length: " + b.length);
    }

    static Response raw(int port, String requestLine, String... headers) throws IOException {
        return raw("127.0.0.1", port, requestLine, new byte[0], headers);
    }

    static Response raw(String host, int port, String requestLine, String... headers) throws IOException {
        return raw(host, port, requestLine, new byte[0], headers);
    }

    /** One request on its own connection, sent byte for byte as given (no encoding of the request line). */
    static Response raw(String host, int port, String requestLine, byte[] body, String... headers)
            throws IOException {
        StringBuilder head = new StringBuilder(requestLine).append("\r\n");
        for (String h : headers) {
            head.append(h).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            return Response.parse(in.readAllBytes());
        }
    }

    /** A parsed response: status, headers (lower-case names, first value), body as UTF-8. */
    record Response(int status, Map<String, String> headers, String body) {

        String header(String lowerCaseName) {
            return headers.get(lowerCaseName);
        }

        static Response parse(byte[] bytes) {
            String all = new String(bytes, StandardCharsets.ISO_8859_1);
            int end = all.indexOf("\r\n\r\n");
            if (end < 0) {
                throw new AssertionError("no complete response: " + all);
            }
            String[] lines = all.substring(0, end).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
            byte[] rest = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                rest = unchunk(rest);
            }
            return new Response(status, headers, new String(rest, StandardCharsets.UTF_8));
        }

        private static byte[] unchunk(byte[] b) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int i = 0;
            while (i < b.length) {
                int lineEnd = i;
                while (lineEnd + 1 < b.length && !(b[lineEnd] == '\r' && b[lineEnd + 1] == '\n')) {
                    lineEnd++;
                }
                String size = new String(b, i, lineEnd - i, StandardCharsets.ISO_8859_1).split(";")[0].trim();
                int n = Integer.parseInt(size, 16);
                if (n == 0) {
                    break;
                }
                out.write(b, lineEnd + 2, n);
                i = lineEnd + 2 + n + 2;
            }
            return out.toByteArray();
        }
    }
}
