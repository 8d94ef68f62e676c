package dev.bulwark.waf.portability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.bulwark.waf.WafFilter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The integration tests every container must pass, over real HTTP/1.1 on a loopback socket, with the filter
 * registered as a web application would: {@code new WafFilter()} configured by init-params, rules loaded from the
 * class path through the container's class loader (the bundled rules, then {@code bulwark-portability/rules.conf}).
 * A container module extends this class and supplies its {@link ServletContainer}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class PortabilityTests {

    /** The init-param {@code rules}: two class path sources, comma and newline separated as a web.xml may have it. */
    static final String RULES = "classpath:bulwark/bulwark.conf,\n    classpath:bulwark-portability/rules.conf";

    static final String FORM = "application/x-www-form-urlencoded";
    static final long UNION_SELECT = 101002;
    static final long TAUTOLOGY = 101000;
    static final long SCRIPT_ELEMENT = 102000;
    static final long ANOMALY_BLOCK = 100900;
    static final long LEAK = 10001;
    static final long EARLY_BLOCK = 10002;
    static final long DROP = 10003;

    private final AtomicInteger keys = new AtomicInteger();
    private TestApp app;
    private ServletContainer.Running server;

    /** The container under test. */
    protected abstract ServletContainer container();

    /** The Servlet API version the container implements, e.g. {@code "6.0"}. */
    protected abstract String servletVersion();

    @BeforeAll
    void start() throws Exception {
        app = new TestApp();
        server = container().start(app.deployment(new WafFilter(), Map.of("rules", RULES, "failMode", "closed")));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        if (app != null) {
            app.close();
        }
    }

    /** A request, its response and the WAF's log lines for it. */
    record Exchange(String key, Reply reply, List<String> lines) {
        int status() {
            return reply.status();
        }
    }

    private String nextKey() {
        return "k" + keys.incrementAndGet();
    }

    /** Sends {@code request} with a fresh key on {@code connection}. */
    private Exchange exchange(HttpConnection connection, RawRequest request) throws Exception {
        String key = nextKey();
        Reply reply = connection.exchange(request.key(key));
        return new Exchange(key, reply, app.lines(key));
    }

    /** Sends {@code request} with a fresh key on a connection of its own. */
    private Exchange exchange(RawRequest request) throws Exception {
        try (HttpConnection c = new HttpConnection(server.port())) {
            return exchange(c, request);
        }
    }

    /** The application answered, and the WAF did not interfere. */
    private void assertServed(Exchange e) {
        assertEquals(200, e.status(), () -> "status of " + e);
        assertEquals(e.key(), e.reply().header(TestApp.SERVED_HEADER), "answer to another request: " + e);
        assertNull(e.reply().incident(), "incident header on a passed request");
        assertTrue(app.served(e.key()));
    }

    /**
     * The WAF answered {@code status} with a block page naming the incident id (header, page and every log line of
     * the request), the rules {@code ruleIds} matched, and no servlet saw the request.
     */
    private void assertBlocked(Exchange e, int status, long... ruleIds) {
        Reply r = e.reply();
        assertEquals(status, r.status(), () -> "status of " + e);
        String incident = r.incident();
        assertNotNull(incident, "X-Bulwark-Incident header: " + e);
        assertTrue(r.text().contains(incident), "page names the incident: " + r.text());
        assertTrue(r.header("Content-Type").startsWith("text/html"), r.header("Content-Type"));
        for (long id : ruleIds) {
            assertTrue(LogLines.ruleIds(e.lines()).contains(id), "rule " + id + " in " + e.lines());
        }
        for (String line : e.lines()) {
            assertEquals(incident, LogLines.uniqueId(line), line);
        }
        assertFalse(app.served(e.key()), "a blocked request reached the application");
        assertNull(r.header(TestApp.SERVED_HEADER));
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        for (int i = 0; i < 256 && i < n; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void containerImplementsTheExpectedServletVersion() throws Exception {
        Exchange e = exchange(RawRequest.get("/servlet-version"));
        assertServed(e);
        assertEquals(servletVersion(), e.reply().text(), container().name());
    }

    // ---- blocking ----

    @Test
    void attackInQueryIsBlockedWith403IncidentHeaderAndPage() throws Exception {
        Exchange e = exchange(RawRequest.get("/params?q=1%20UNION%20SELECT%20password,2%20FROM%20users"));
        assertBlocked(e, 403, UNION_SELECT, ANOMALY_BLOCK);
        String page = e.reply().text();
        assertTrue(page.startsWith("<!DOCTYPE html>"), page);
        assertFalse(page.contains("UNION") || page.contains("password"), "request text reflected: " + page);
        assertTrue(LogLines.lineOf(e.lines(), ANOMALY_BLOCK)
                .startsWith("ModSecurity: Access denied with code 403 (phase 2)."), e.lines().toString());

        Exchange json = exchange(RawRequest.get("/params?q=1%20union%20select%202").header("Accept",
                "application/json"));
        assertEquals(403, json.status());
        assertEquals("{\"error\":\"request blocked\",\"incident\":\"" + json.reply().incident() + "\"}",
                json.reply().text());
        assertFalse(app.served(json.key()));
    }

    @Test
    void attackInFormBodyIsBlocked() throws Exception {
        Exchange e = exchange(RawRequest.post("/params", FORM, "name=x&comment=%3Cscript%3Ealert(1)%3C%2Fscript%3E"));
        assertBlocked(e, 403, SCRIPT_ELEMENT, ANOMALY_BLOCK);
        assertTrue(LogLines.lineOf(e.lines(), SCRIPT_ELEMENT).contains("ARGS:comment"), e.lines().toString());
    }

    // ---- request bodies reach the application unchanged ----

    @Test
    void binaryBodyReachesGetInputStreamByteForByte() throws Exception {
        byte[] body = randomBytes(100_000, 1);
        Exchange e = exchange(RawRequest.post("/echo", "application/octet-stream", body));
        assertServed(e);
        assertArrayEquals(body, e.reply().body());
    }

    @Test
    void utf8FormReachesInputStreamReaderAndParameterMap() throws Exception {
        // Percent-encoded UTF-8, '+' for space, a repeated name, and raw (unencoded) UTF-8 bytes.
        String form = "name=Ren%C3%A9e&note=%E2%9C%93+ok&multi=1&multi=2&raw=caf\u00e9&empty=";
        byte[] bytes = utf8(form);
        String type = FORM + "; charset=UTF-8";

        Exchange stream = exchange(RawRequest.post("/echo", type, bytes));
        assertServed(stream);
        assertArrayEquals(bytes, stream.reply().body());

        Exchange reader = exchange(RawRequest.post("/reader", type, bytes));
        assertServed(reader);
        assertEquals(form, reader.reply().text());

        Exchange params = exchange(RawRequest.post("/params?multi=0&q=%E2%82%AC", type, bytes));
        assertServed(params);
        assertEquals("?=multi=0&q=%E2%82%AC\nempty=\nmulti=0|1|2\nname=Ren\u00e9e\nnote=\u2713 ok\nq=\u20ac\n"
                + "raw=caf\u00e9\n", params.reply().text());
    }

    @Test
    void jsonBodyReachesInputStreamAndReader() throws Exception {
        String json = "{\"name\":\"Ren\u00e9e \u2713\",\"list\":[1,2.5,{\"deep\":\"x y\"}],\"empty\":{},"
                + "\"escaped\":\"\\u00e9\\n\"}";
        Exchange stream = exchange(RawRequest.post("/echo", "application/json", json));
        assertServed(stream);
        assertArrayEquals(utf8(json), stream.reply().body());

        Exchange reader = exchange(RawRequest.post("/reader", "application/json; charset=utf-8", json));
        assertServed(reader);
        assertEquals(json, reader.reply().text());

        Exchange attack = exchange(RawRequest.post("/reader", "application/json",
                "{\"user\":{\"q\":\"1 union select password from users\"}}"));
        assertBlocked(attack, 403, UNION_SELECT);
    }

    // ---- request line and headers ----

    @Test
    void oddButLegalQueryEncodingsAreDecodedAlikeByWafAndApplication() throws Exception {
        String query = "name=Ren%C3%A9e&tag=a%2Bb&tag=c+d&sym=%3d%26%3f%23&path=/x/y?z&empty=&tilde=~!*()'"
                + "&pct=100%25&check=%e2%9c%93&probe=caf%C3%A9+%26+co%3D1";
        Exchange e = exchange(RawRequest.get("/params?" + query));
        assertServed(e);
        assertEquals("?=" + query + "\ncheck=\u2713\nempty=\nname=Ren\u00e9e\npath=/x/y?z\npct=100%\n"
                + "probe=caf\u00e9 & co=1\nsym==&?#\ntag=a+b|c d\ntilde=~!*()'\n", e.reply().text());
        // What the WAF decoded: the UTF-8 bytes of é, logged escaped.
        assertEquals("caf\\xc3\\xa9 & co=1", LogLines.data(LogLines.lineOf(e.lines(), 10006)));

        List<String> attacks = List.of(
                "q=1+UNION+SELECT+password+FROM+users",
                "q=1%20uNiOn%20%53eLeCt%20password",
                "q=1%2520union%2520select%2520password",
                "q=1%0Aunion%09select%0Dpassword",
                "q=1%20union/**/select%20password",
                "1%20union%20select%20password=x",
                "a=1&&q=1%20union%20select%202&");
        for (String attack : attacks) {
            assertBlocked(exchange(RawRequest.get("/params?" + attack)), 403, UNION_SELECT);
        }
        assertBlocked(exchange(RawRequest.get("/params?q=x%27%20OR%20%27a%27%3D%27a")), 403, TAUTOLOGY);
    }

    @Test
    void repeatedHeadersAreSeparateValuesForWafAndApplication() throws Exception {
        assertBlocked(exchange(RawRequest.get("/").header("X-Rep", "first").header("X-Rep", "second")), 406, 10004);
        assertBlocked(exchange(RawRequest.get("/").header("x-rep", "second")), 406, 10004);
        assertServed(exchange(RawRequest.get("/").header("X-Rep", "first").header("X-Rep", "third")));

        Exchange shown = exchange(RawRequest.get("/headers").header("X-Show", "X-Multi")
                .header("X-Multi", "one").header("X-Multi", "two, three"));
        assertServed(shown);
        assertEquals("X-Multi=one|two, three\n", shown.reply().text());

        // Two Cookie header lines: the attack is in the second.
        assertBlocked(exchange(RawRequest.get("/").header("Cookie", "theme=dark")
                .header("Cookie", "session=%3Cscript%3Ex")), 403, SCRIPT_ELEMENT);

        // Header values are bytes: 0xE9 alone matches, its two-byte UTF-8 form does not.
        assertBlocked(exchange(RawRequest.get("/").header("X-Bytes", "caf\u00e9")), 409, 10005);
        assertServed(exchange(RawRequest.get("/").header("X-Bytes", "caf\u00c3\u00a9")));
    }

    // ---- connections ----

    /**
     * One connection for a sequence of requests with bodies, some blocked. After a block the container may keep the
     * connection or close it, but cleanly: it says so ({@code Connection: close}) or closes it before the next
     * response starts. Never may it answer the next request with the previous one's leftovers.
     */
    @Test
    void keepAliveConnectionCarriesRequestsAndBlocks() throws Exception {
        KeepAlive conn = new KeepAlive();
        try {
            assertServed(conn.send(RawRequest.get("/params?a=1")));
            byte[] binary = randomBytes(20_000, 2);
            Exchange echo = conn.send(RawRequest.post("/echo", "application/octet-stream", binary));
            assertServed(echo);
            assertArrayEquals(binary, echo.reply().body());

            // Blocked in phase 2: the WAF read the whole body.
            assertBlocked(conn.send(RawRequest.post("/params", FORM, "q=1+union+select+password")), 403,
                    UNION_SELECT);
            assertServed(conn.send(RawRequest.get("/?after=phase2-block")));

            // Blocked in phase 1, the body unread; the body looks like a request of its own, which must never run.
            String smuggledKey = nextKey();
            byte[] smuggled = ("GET /?smuggled=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n" + TestApp.KEY_HEADER + ": "
                    + smuggledKey + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
            byte[] earlyBody = new byte[64 * 1024];
            System.arraycopy(smuggled, 0, earlyBody, 0, smuggled.length);
            System.arraycopy(smuggled, 0, earlyBody, earlyBody.length - smuggled.length, smuggled.length);
            assertBlocked(conn.send(RawRequest.post("/echo", "application/octet-stream", earlyBody)
                    .header("X-Block-Early", "now")), 403, EARLY_BLOCK);
            byte[] small = randomBytes(1000, 3);
            Exchange after = conn.send(RawRequest.post("/echo", "application/octet-stream", small));
            assertServed(after);
            assertArrayEquals(small, after.reply().body());

            assertBlocked(conn.send(RawRequest.post("/params", FORM, "c=%3Cscript%3E").chunked(4)), 403,
                    SCRIPT_ELEMENT);
            Exchange json = conn.send(RawRequest.post("/reader", "application/json", "{\"a\":[1,2]}"));
            assertServed(json);
            assertEquals("{\"a\":[1,2]}", json.reply().text());

            // drop: 403, no body, and the connection closed.
            Exchange dropped = conn.send(RawRequest.get("/?drop=now"));
            assertEquals(403, dropped.status());
            assertEquals(0, dropped.reply().body().length);
            assertTrue(LogLines.ruleIds(dropped.lines()).contains(DROP), dropped.lines().toString());
            assertTrue(dropped.reply().announcesClose(), "drop announces the close: " + dropped.reply());
            assertTrue(conn.current.closedByServerWithin(5000), "connection still open after drop");
            conn.reconnect();
            assertServed(conn.send(RawRequest.get("/?after=drop")));

            assertFalse(app.served(smuggledKey), "the unread body of a blocked request ran as a request");
            System.out.println(container().name() + " keep-alive: " + conn.events);
        } finally {
            conn.current.close();
        }
    }

    /** A connection that follows the server's decisions to close, and notes what it did after each WAF answer. */
    private final class KeepAlive {
        HttpConnection current;
        final List<String> events = new ArrayList<>();
        Exchange previous;

        KeepAlive() throws IOException {
            current = new HttpConnection(server.port());
        }

        Exchange send(RawRequest request) throws Exception {
            boolean afterWafAnswer = previous != null && previous.reply().incident() != null;
            String what = afterWafAnswer ? " after " + previous.reply().status() : " after a served request";
            if (previous != null && previous.reply().announcesClose()) {
                assertTrue(current.closedByServerWithin(5000), "Connection: close announced, connection kept");
                events.add("closed" + what + " (announced)");
                reconnect();
            }
            String key = nextKey();
            request.key(key);
            Reply reply;
            try {
                reply = current.exchange(request);
                if (afterWafAnswer && previous != null) {
                    events.add("kept" + what);
                }
            } catch (HttpConnection.ClosedByServer e) {
                assertTrue(afterWafAnswer, "connection closed" + what + ": " + e.getMessage());
                events.add("closed" + what + " (unannounced, before the next response)");
                reconnect();
                reply = current.exchange(request);
            }
            Exchange e = new Exchange(key, reply, app.lines(key));
            previous = e;
            return e;
        }

        void reconnect() throws IOException {
            current.close();
            current = new HttpConnection(server.port());
            previous = null;
        }
    }

    @Test
    void chunkedRequestBodiesReachTheApplicationAndTheRules() throws Exception {
        byte[] binary = randomBytes(50_000, 4);
        Exchange echo = exchange(RawRequest.post("/echo", "application/octet-stream", binary)
                .chunked(1, 7, 100, 8192, 3).chunkExtension("name=value"));
        assertServed(echo);
        assertArrayEquals(binary, echo.reply().body());

        String form = "name=Ren%C3%A9e&note=%E2%9C%93+ok&multi=1&multi=2";
        Exchange params = exchange(RawRequest.post("/params", FORM, form).chunked(3));
        assertServed(params);
        assertEquals("?=null\nmulti=1|2\nname=Ren\u00e9e\nnote=\u2713 ok\n", params.reply().text());

        String json = "{\"name\":\"Ren\u00e9e \u2713\",\"n\":[1,2,3]}";
        Exchange reader = exchange(RawRequest.post("/reader", "application/json", json).chunked(5, 1));
        assertServed(reader);
        assertEquals(json, reader.reply().text());

        // The keyword is cut across chunk boundaries: the rules see the whole body.
        assertBlocked(exchange(RawRequest.post("/params", FORM, "comment=1 uni" + "on sel" + "ect pwd")
                .chunked(13, 6)), 403, UNION_SELECT);
        assertBlocked(exchange(RawRequest.post("/reader", "application/json", "{\"q\":\"<script>x\"}").chunked(9)),
                403, SCRIPT_ELEMENT);
    }

    // ---- async ----

    @Test
    void asyncServletCompletingOnAnotherThreadPasses() throws Exception {
        try (HttpConnection c = new HttpConnection(server.port())) {
            for (int i = 0; i < 10; i++) {
                byte[] body = randomBytes(5_000 + i, 10 + i);
                Exchange e = exchange(c, RawRequest.post("/async", "application/octet-stream", body));
                assertServed(e);
                byte[] expected = new byte[6 + body.length];
                System.arraycopy(utf8("async:"), 0, expected, 0, 6);
                System.arraycopy(body, 0, expected, 6, body.length);
                assertArrayEquals(expected, e.reply().body(), "async round " + i);

                Exchange get = exchange(c, RawRequest.get("/async?round=" + i));
                assertServed(get);
                assertEquals("async:", get.reply().text());
            }
            // Parameters of a form body the WAF read, taken from the async context's request.
            Exchange form = exchange(c, RawRequest.post("/async?params", FORM, "name=Ren%C3%A9e&n=1&n=2"));
            assertServed(form);
            assertEquals("async:?=params\nn=1|2\nname=Ren\u00e9e\nparams=\n", form.reply().text());

            assertBlocked(exchange(c, RawRequest.post("/async", FORM, "q=1 union select 2")), 403, UNION_SELECT);
            Exchange after = exchange(c, RawRequest.get("/async?after=block"));
            assertServed(after);
        }
    }

    // ---- responses ----

    @Test
    void leakedDatabaseErrorIsBlockedInPhase4() throws Exception {
        Exchange e = exchange(RawRequest.get("/leak"));
        assertEquals(403, e.status(), e.reply().toString());
        String incident = e.reply().incident();
        assertNotNull(incident);
        assertTrue(e.reply().text().contains(incident));
        assertFalse(e.reply().text().contains("ORA-"), "leak sent: " + e.reply().text());
        assertTrue(LogLines.lineOf(e.lines(), LEAK).startsWith("ModSecurity: Access denied with code 403 (phase 4)."),
                e.lines().toString());
        assertTrue(app.served(e.key()), "phase 4 runs after the application");

        // The same leak, produced from a request body read through getReader.
        Exchange echoed = exchange(RawRequest.post("/reader", "text/plain", "upstream said ORA-00933 here"));
        assertEquals(403, echoed.status());
        assertFalse(echoed.reply().text().contains("ORA-"));
    }

    @Test
    void cleanResponsesArriveByteForByte() throws Exception {
        for (int size : new int[] {0, 1, 2999, 3000, 300_000}) {
            Exchange e = exchange(RawRequest.get("/document?size=" + size));
            assertServed(e);
            assertArrayEquals(TestServlets.document(size), e.reply().body(), "document of " + size + " bytes");
            assertTrue(e.reply().header("Content-Type").startsWith("text/plain"), e.reply().header("Content-Type"));
        }
    }

    // ---- failures ----

    @Test
    void failureInsideTheWafRefusesTheRequest() throws Exception {
        Exchange get = exchange(RawRequest.get("/?x=1").header(TestApp.EXPLODE_HEADER, "1"));
        assertFailedClosed(get, "request");
        assertFalse(app.served(get.key()));

        Exchange post = exchange(RawRequest.post("/echo", "application/octet-stream", randomBytes(2000, 5))
                .header(TestApp.EXPLODE_HEADER, "1"));
        assertFailedClosed(post, "request");
        assertFalse(app.served(post.key()));

        // A failure in phase 3: the application ran, but its response is replaced.
        Exchange response = exchange(RawRequest.get("/document?size=5000").header(TestApp.EXPLODE_RESPONSE_HEADER, "1"));
        assertFailedClosed(response, "response");
        assertFalse(response.reply().text().contains("Lorem"), "the application's response went out");
    }

    private static void assertFailedClosed(Exchange e, String what) {
        assertEquals(500, e.status(), e.reply().toString());
        String incident = e.reply().incident();
        assertNotNull(incident);
        assertTrue(e.reply().text().contains(incident), e.reply().text());
        assertFalse(e.reply().text().contains("simulated") || e.reply().text().contains("Exception"),
                e.reply().text());
        assertTrue(e.lines().stream().anyMatch(l -> l.startsWith("ModSecurity: Internal error")
                && l.contains("fail mode closed, " + what + " refused with 500")
                && l.contains("[unique_id \"" + incident + "\"]")), e.lines().toString());
    }

    /** Rules that do not load: the container must not serve the application without its firewall. */
    @Test
    void brokenRulesKeepTheApplicationUnavailable() throws Exception {
        try (TestApp broken = new TestApp()) {
            ServletContainer.Running running;
            try {
                running = container().start(broken.deployment(new WafFilter(),
                        Map.of("rules", "classpath:bulwark-portability/broken.conf")));
            } catch (Exception e) {
                return; // the container refused to start: nothing is served
            }
            try {
                String key = nextKey();
                Reply r = HttpConnection.once(running.port(), RawRequest.get("/").key(key));
                assertTrue(r.status() >= 400, "application served without its filter: " + r);
                assertFalse(broken.served(key));
                System.out.println(container().name() + " with broken rules answers " + r.status());
            } finally {
                running.close();
            }
        }
    }
}
