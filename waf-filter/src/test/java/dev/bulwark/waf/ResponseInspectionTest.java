package dev.bulwark.waf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.waf.testsupport.Reflect;
import dev.bulwark.waf.testsupport.WafServer;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Phases 3 and 4 through the filter in a real Jetty 12, over real HTTP, with the {@code /reflect} servlet. */
class ResponseInspectionTest {

    static final String RESPONSE_RULES = """
            SecResponseBodyMimeType text/plain text/html application/json
            SecRule RESPONSE_STATUS "@streq 418" "id:3001,phase:3,deny,log,msg:'teapot'"
            SecRule RESPONSE_HEADERS:X-Leak "@rx secret" "id:3002,phase:3,deny,log,msg:'leaky header'"
            SecRule RESPONSE_HEADERS:Location "@rx evil\\.example" "id:3003,phase:3,deny,log,msg:'bad redirect'"
            SecRule RESPONSE_BODY "@rx ORA-[0-9]{5}" "id:4001,phase:4,deny,log,msg:'SQL error leak'"
            SecRule RESPONSE_BODY "@rx note-me" "id:4002,phase:4,pass,log,msg:'noted',setvar:tx.noted=1"
            SecRule RESPONSE_STATUS "@streq 204" "id:4003,phase:4,pass,log,msg:'phase 4 on 204'"
            SecRule RESPONSE_BODY "@rx go-away" "id:4004,phase:4,redirect:http://example.com/moved,log"
            SecRule RESPONSE_BODY "@rx hang-up" "id:4005,phase:4,drop,log"
            SecRule TX:noted "@eq 1" "id:5001,phase:5,pass,log,msg:'logging phase saw phase 4'"
            """;

    static final String LEAK = "ORA-12345";
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final AtomicInteger KEYS = new AtomicInteger();
    static final CountDownLatch SLOW_RELEASE = new CountDownLatch(1);
    static final AtomicBoolean SLOW_TIMED_OUT = new AtomicBoolean();

    static WafServer server;

    @BeforeAll
    static void start() throws Exception {
        server = server("SecResponseBodyAccess On\nSecResponseBodyLimit 1048576\n"
                + "SecResponseBodyLimitAction ProcessPartial\n" + RESPONSE_RULES);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static WafServer server(String rules) throws Exception {
        return server(RuleSet.fromText(rules));
    }

    static WafServer server(RuleSet rules) throws Exception {
        return new WafServer(new WafFilter(rules), Map.of(), Map.of(
                "/async", new AsyncServlet(false), "/async-wrapped", new AsyncServlet(true),
                "/async-writer", new AsyncWriterServlet(),
                "/slow", new SlowServlet(), "/forward", new DispatchServlet(false),
                "/include", new DispatchServlet(true), "/inner", new InnerServlet()));
    }

    record Reply(int status, HttpHeaders headers, byte[] body, List<String> lines) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        boolean logged(long id) {
            return lines.stream().anyMatch(l -> l.contains("[id \"" + id + "\"]"));
        }

        String line(long id) {
            List<String> l = lines.stream().filter(s -> s.contains("[id \"" + id + "\"]")).toList();
            assertEquals(1, l.size(), "lines for rule " + id + ": " + lines);
            return l.get(0);
        }
    }

    /** {@code headers}: name, value pairs; a POST when {@code body} is not null. */
    static Reply call(WafServer s, String method, String path, byte[] body, String... headers) throws Exception {
        String key = "r" + KEYS.incrementAndGet();
        HttpRequest.Builder b = HttpRequest.newBuilder(s.uri(path)).header(WafServer.KEY_HEADER, key)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            b.header("Content-Type", "application/octet-stream");
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        HttpResponse<byte[]> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Reply(r.statusCode(), r.headers(), r.body(), s.lines(key));
    }

    static Reply post(WafServer s, byte[] body, String... headers) throws Exception {
        return call(s, "POST", "/reflect", body, headers);
    }

    static Reply post(byte[] body, String... headers) throws Exception {
        return post(server, body, headers);
    }

    static Reply get(String... headers) throws Exception {
        return call(server, "GET", "/reflect", null, headers);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code size} bytes of filler text with {@code insert} at {@code at}. */
    static byte[] text(int size, int at, String insert) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        byte[] in = insert.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(in, 0, b, at, in.length);
        return b;
    }

    static void assertBlocked(Reply r, int status, long ruleId, int phase) {
        assertEquals(status, r.status(), r.text());
        String id = r.header("X-Bulwark-Incident");
        assertNotNull(id, "X-Bulwark-Incident header");
        assertTrue(r.text().contains(id), "page names the incident: " + r.text());
        assertFalse(r.text().contains(LEAK), r.text());
        String line = r.line(ruleId);
        assertTrue(line.startsWith("ModSecurity: Access denied with code " + status + " (phase " + phase + ")."),
                line);
        assertTrue(line.contains("[unique_id \"" + id + "\"]"), line);
    }

    static void assertDelivered(Reply r, byte[] expected) {
        assertEquals(200, r.status(), r.text());
        assertArrayEquals(expected, r.body());
        assertNull(r.header("X-Bulwark-Incident"));
    }

    // ---- phase 3 ----

    @Test
    void phase3WhenStatusMatchesThenBlockPageInsteadOfTheResponse() throws Exception {
        Reply r = post(utf8("teapot body"), Reflect.STATUS, "418", Reflect.TYPE, "text/plain",
                Reflect.COOKIE, "session=abc");
        assertBlocked(r, 403, 3001, 3);
        assertFalse(r.text().contains("teapot body"), r.text());
        assertNull(r.header("Set-Cookie"), "nothing the application set goes out with the block page");
    }

    @Test
    void phase3WhenHeaderMatchesThenBlockedWithoutTheHeader() throws Exception {
        Reply r = post(utf8("fine"), Reflect.TYPE, "application/octet-stream",
                Reflect.HEADER, "X-Leak: the secret token");
        assertBlocked(r, 403, 3002, 3);
        assertNull(r.header("X-Leak"));
    }

    @Test
    void phase3WhenBlockedAfterBufferOverflowThenLaterOutputIsSwallowed() throws Exception {
        // 200 KB written after phase 3 ran on the first overflow: none of it may follow the block page.
        Reply r = post(text(200_000, 100_000, "more"), Reflect.STATUS, "418", Reflect.TYPE, "image/png",
                Reflect.CHUNK, "1000");
        assertBlocked(r, 403, 3001, 3);
        assertTrue(r.body().length < 1000, "block page only: " + r.body().length);
    }

    @Test
    void phase3WhenResponseHeadersAreCleanThenNoMatchAndDelivered() throws Exception {
        Reply r = post(utf8("plain"), Reflect.TYPE, "text/plain", Reflect.HEADER, "X-Leak: nothing here");
        assertDelivered(r, utf8("plain"));
        assertEquals("nothing here", r.header("X-Leak"));
        assertEquals(List.of(), r.lines());
    }

    // ---- phase 4 ----

    @Test
    void phase4WhenStreamWritesLeakThenBlocked() throws Exception {
        Reply r = post(utf8("error: " + LEAK + " table not found"), Reflect.TYPE, "text/plain");
        assertBlocked(r, 403, 4001, 4);
        assertTrue(r.line(4001).contains("[msg \"SQL error leak\"]"), r.line(4001));
    }

    @Test
    void phase4WhenWriterWritesLeakThenBlocked() throws Exception {
        Reply r = post(utf8("<p>é " + LEAK + "</p>"), Reflect.TYPE, "text/html;charset=UTF-8",
                Reflect.VIA, "writer");
        assertBlocked(r, 403, 4001, 4);
    }

    @Test
    void phase4WhenLeakComesAfterFlushesBeyondTheBufferThenStillBlocked() throws Exception {
        // The application flushes after every piece, and the body is larger than the container's buffer: nothing
        // may leave before phase 4 has seen the end.
        Reply r = post(text(300_000, 290_000, LEAK), Reflect.TYPE, "text/plain", Reflect.CHUNK, "7000",
                Reflect.FLUSH, "each");
        assertBlocked(r, 403, 4001, 4);
    }

    @Test
    void phase4WhenFlushBufferThenDeferredAndStillBlocked() throws Exception {
        Reply r = post(text(5000, 4000, LEAK), Reflect.TYPE, "text/plain", Reflect.CHUNK, "100",
                Reflect.FLUSH, "first", Reflect.VIA, "writer");
        assertBlocked(r, 403, 4001, 4);
    }

    @Test
    void phase4WhenApplicationClosesTheOutputThenInspectedAtTheClose() throws Exception {
        assertBlocked(post(utf8("closed " + LEAK), Reflect.TYPE, "text/plain", Reflect.CLOSE, "yes",
                Reflect.LATE_HEADER, "X-Late: yes"), 403, 4001, 4);
        assertBlocked(post(utf8("closed " + LEAK), Reflect.TYPE, "text/plain", Reflect.CLOSE, "yes",
                Reflect.VIA, "writer"), 403, 4001, 4);
    }

    @Test
    void phase4WhenRedirectActionThenRedirectInsteadOfTheBody() throws Exception {
        Reply r = post(utf8("please go-away"), Reflect.TYPE, "text/plain", Reflect.COOKIE, "session=abc");
        assertEquals(302, r.status());
        assertEquals("http://example.com/moved", r.header("Location"));
        assertEquals(0, r.body().length);
        assertNull(r.header("Set-Cookie"));
        assertTrue(r.line(4004).startsWith("ModSecurity: Access denied with redirection"), r.line(4004));
    }

    @Test
    void phase4WhenDropActionThenEmpty403AndConnectionClosed() throws Exception {
        Reply r = post(utf8("hang-up now"), Reflect.TYPE, "text/plain");
        assertEquals(403, r.status());
        assertEquals(0, r.body().length);
        assertTrue(r.logged(4005), r.lines().toString());
    }

    @Test
    void phase4WhenJsonClientThenJsonBlockPage() throws Exception {
        Reply r = post(utf8("{\"error\":\"" + LEAK + "\"}"), Reflect.TYPE, "application/json", "Accept",
                "application/json");
        assertEquals(403, r.status());
        assertTrue(r.header("Content-Type").startsWith("application/json"), r.header("Content-Type"));
        assertTrue(r.text().contains("\"incident\""), r.text());
    }

    @Test
    void phase4WhenMimeTypeNotListedThenStreamedUninspected() throws Exception {
        byte[] body = utf8("binary-ish " + LEAK);
        Reply r = post(body, Reflect.TYPE, "application/octet-stream");
        assertDelivered(r, body);
        assertFalse(r.logged(4001), r.lines().toString());
    }

    @Test
    void phase4WhenNoContentTypeThenStreamedUninspected() throws Exception {
        byte[] body = utf8("untyped " + LEAK);
        Reply r = post(body);
        assertDelivered(r, body);
        assertFalse(r.logged(4001), r.lines().toString());
    }

    @Test
    void phase4WhenBodyResetBeforeCommitThenOnlyTheReplacementIsInspected() throws Exception {
        Reply r = post(utf8("draft " + LEAK), Reflect.TYPE, "text/plain", Reflect.REPLACE, "final text");
        assertDelivered(r, utf8("final text"));
        assertFalse(r.logged(4001), r.lines().toString());
    }

    @Test
    void phase4PassingMatchThenLoggedAndPhase5RunsAfterIt() throws Exception {
        Reply r = post(utf8("please note-me"), Reflect.TYPE, "text/plain");
        assertDelivered(r, utf8("please note-me"));
        assertTrue(r.line(4002).startsWith("ModSecurity: Warning."), r.line(4002));
        assertTrue(r.lines().indexOf(r.line(4002)) < r.lines().indexOf(r.line(5001)), r.lines().toString());
    }

    // ---- passing responses arrive unchanged ----

    @Test
    void passWhenBinaryBodyInInspectedTypeThenByteForByteWithItsLength() throws Exception {
        byte[] body = new byte[70_000];
        new Random(7).nextBytes(body);
        Reply r = post(body, Reflect.TYPE, "text/plain", Reflect.CHUNK, "3333");
        assertDelivered(r, body);
        assertEquals(String.valueOf(body.length), r.header("Content-Length"));
    }

    @Test
    void passWhenLargeBodyWithDeclaredLengthThenByteForByte() throws Exception {
        byte[] body = text(600_000, 0, "start");
        Reply r = post(body, Reflect.TYPE, "text/html", Reflect.LENGTH, "declare", Reflect.CHUNK, "65536");
        assertDelivered(r, body);
        assertEquals("600000", r.header("Content-Length"));
    }

    @Test
    void passWhenLargeBodyWithoutDeclaredLengthThenByteForByteWithItsLength() throws Exception {
        byte[] body = text(600_000, 0, "start");
        Reply r = post(body, Reflect.TYPE, "text/html", Reflect.CHUNK, "1000", Reflect.FLUSH, "each");
        assertDelivered(r, body);
        assertEquals("600000", r.header("Content-Length"));
    }

    @Test
    void passWhenUtf8TextThroughWriterThenEncodedAsDeclared() throws Exception {
        String text = "Grüße, 漢字 and 🙂 ".repeat(3000);
        Reply r = post(utf8(text), Reflect.TYPE, "text/plain;charset=UTF-8", Reflect.VIA, "writer",
                Reflect.CHUNK, "777");
        assertDelivered(r, utf8(text));
        assertTrue(r.header("Content-Type").equalsIgnoreCase("text/plain;charset=UTF-8"), r.header("Content-Type"));
    }

    @Test
    void passWhenWriterWithDefaultCharsetThenLatin1() throws Exception {
        Reply r = post(utf8("café"), Reflect.TYPE, "text/plain", Reflect.VIA, "writer");
        assertDelivered(r, "café".getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(r.header("Content-Type").toLowerCase().contains("charset=iso-8859-1"), r.header("Content-Type"));
    }

    @Test
    void passWhenCharsetSetBySetCharacterEncodingThenWriterUsesIt() throws Exception {
        Reply r = post(utf8("naïve"), Reflect.TYPE, "text/html", Reflect.ENCODING, "UTF-8", Reflect.VIA, "writer");
        assertDelivered(r, utf8("naïve"));
        assertTrue(r.header("Content-Type").equalsIgnoreCase("text/html;charset=UTF-8"), r.header("Content-Type"));
    }

    @Test
    void passWhenCookiesAndHeadersThenKept() throws Exception {
        Reply r = post(utf8("ok"), Reflect.TYPE, "text/plain", Reflect.COOKIE, "session=abc",
                Reflect.HEADER, "X-One: 1", Reflect.HEADER, "X-One: 2", Reflect.STATUS, "201");
        assertEquals(201, r.status());
        assertEquals("ok", r.text());
        assertEquals(List.of("1", "2"), r.headers().allValues("X-One"));
        assertTrue(r.header("Set-Cookie").startsWith("session=abc"), r.header("Set-Cookie"));
    }

    @Test
    void passWhenStreamedTypeThenFlushedBytesReachTheClientBeforeTheEnd() throws Exception {
        // /slow writes and flushes a first part, then waits until the client has read it.
        HttpRequest req = HttpRequest.newBuilder(server.uri("/slow")).header(WafServer.KEY_HEADER, "slow").build();
        HttpResponse<InputStream> r = CLIENT.send(req, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            byte[] first = in.readNBytes(SlowServlet.FIRST.length);
            assertArrayEquals(SlowServlet.FIRST, first);
            SLOW_RELEASE.countDown();
            assertArrayEquals(SlowServlet.REST, in.readAllBytes());
        }
        server.lines("slow");
        assertFalse(SLOW_TIMED_OUT.get(), "the first part was held back until the servlet gave up waiting");
    }

    // ---- limits ----

    @Test
    void processPartialWhenLeakWithinTheLimitThenBlocked() throws Exception {
        try (WafServer s = server("SecResponseBodyAccess On\nSecResponseBodyLimit 1000\n"
                + "SecResponseBodyLimitAction ProcessPartial\n" + RESPONSE_RULES)) {
            Reply r = post(s, text(50_000, 500, LEAK), Reflect.TYPE, "text/plain", Reflect.CHUNK, "300");
            assertBlocked(r, 403, 4001, 4);
        }
    }

    @Test
    void processPartialWhenLeakBeyondTheLimitThenUninspectedAndEverythingDelivered() throws Exception {
        try (WafServer s = server("SecResponseBodyAccess On\nSecResponseBodyLimit 1000\n"
                + "SecResponseBodyLimitAction ProcessPartial\n" + RESPONSE_RULES)) {
            byte[] body = text(50_000, 1000, LEAK);
            Reply r = post(s, body, Reflect.TYPE, "text/plain", Reflect.CHUNK, "300");
            assertDelivered(r, body);
            assertFalse(r.logged(4001), r.lines().toString());
            // The leak straddles the limit: the first 1000 bytes end just before it.
            Reply straddling = post(s, text(50_000, 995, LEAK), Reflect.TYPE, "text/plain");
            assertEquals(200, straddling.status());
            assertFalse(straddling.logged(4001), straddling.lines().toString());
        }
    }

    @Test
    void rejectWhenOverTheLimitThen500AndLogged() throws Exception {
        try (WafServer s = server("SecResponseBodyAccess On\nSecResponseBodyLimit 1000\n"
                + "SecResponseBodyLimitAction Reject\n" + RESPONSE_RULES)) {
            Reply r = post(s, text(50_000, 0, "x"), Reflect.TYPE, "text/plain", Reflect.CHUNK, "300");
            assertEquals(500, r.status());
            String id = r.header("X-Bulwark-Incident");
            assertNotNull(id);
            assertTrue(r.text().contains(id), r.text());
            assertFalse(r.text().contains("abcdefgh"), "nothing of the response: " + r.text());
            assertEquals(1, r.lines().size(), r.lines().toString());
            assertTrue(r.lines().get(0).startsWith(
                    "ModSecurity: Response body is larger than the configured limit (1000); answered with code 500."),
                    r.lines().get(0));
            assertTrue(r.lines().get(0).contains("[unique_id \"" + id + "\"]"), r.lines().get(0));

            byte[] atLimit = text(1000, 0, "x");
            assertDelivered(post(s, atLimit, Reflect.TYPE, "text/plain"), atLimit);
            byte[] notInspected = text(50_000, 0, "x");
            assertDelivered(post(s, notInspected, Reflect.TYPE, "application/octet-stream"), notInspected);
        }
    }

    @Test
    void rejectWhenDetectionOnlyThenPartialAndDelivered() throws Exception {
        try (WafServer s = server("SecRuleEngine DetectionOnly\nSecResponseBodyAccess On\n"
                + "SecResponseBodyLimit 1000\nSecResponseBodyLimitAction Reject\n" + RESPONSE_RULES)) {
            byte[] body = text(50_000, 10, LEAK);
            Reply r = post(s, body, Reflect.TYPE, "text/plain");
            assertDelivered(r, body);
            assertTrue(r.line(4001).startsWith("ModSecurity: Warning."), r.line(4001));
        }
    }

    // ---- engine modes ----

    @Test
    void detectionOnlyWhenPhase3And4MatchThenLoggedAndDelivered() throws Exception {
        try (WafServer s = server("SecRuleEngine DetectionOnly\nSecResponseBodyAccess On\n" + RESPONSE_RULES)) {
            byte[] body = utf8("oops " + LEAK);
            Reply r = post(s, body, Reflect.TYPE, "text/plain", Reflect.STATUS, "418");
            assertEquals(418, r.status());
            assertArrayEquals(body, r.body());
            assertTrue(r.line(3001).startsWith("ModSecurity: Warning."), r.line(3001));
            assertTrue(r.line(4001).startsWith("ModSecurity: Warning."), r.line(4001));
        }
    }

    @Test
    void responseBodyAccessOffWhenLeakThenPhase4RunsWithoutTheBody() throws Exception {
        try (WafServer s = server("SecResponseBodyAccess Off\n" + RESPONSE_RULES)) {
            byte[] body = utf8("oops " + LEAK);
            assertDelivered(post(s, body, Reflect.TYPE, "text/plain"), body);
            Reply noContent = post(s, new byte[0], Reflect.STATUS, "204", Reflect.TYPE, "text/plain");
            assertTrue(noContent.logged(4003), "phase 4 ran: " + noContent.lines());
        }
    }

    @Test
    void rulesWithoutResponseSideThenResponseUntouched() throws Exception {
        RuleSet rules = RuleSet.fromText("SecRule ARGS \"@rx attack\" \"id:1,phase:2,deny,log\"");
        assertFalse(rules.inspectsResponses());
        assertTrue(RuleSet.fromText(RESPONSE_RULES).inspectsResponses());
        assertTrue(RuleSet.fromText("SecResponseBodyAccess On").inspectsResponses());
        try (WafServer s = server(rules)) {
            byte[] body = utf8(LEAK);
            assertDelivered(post(s, body, Reflect.TYPE, "text/plain"), body);
        }
    }

    // ---- engine failures ----

    @Test
    void failModeClosedWhenPhase3FailsThen500InsteadOfTheResponse() throws Exception {
        Reply r = post(utf8("secret page"), Reflect.TYPE, "text/plain", WafServer.EXPLODE_RESPONSE_HEADER, "1");
        assertEquals(500, r.status());
        String id = r.header("X-Bulwark-Incident");
        assertNotNull(id);
        assertFalse(r.text().contains("secret page"), r.text());
        assertEquals(1, r.lines().size(), r.lines().toString());
        assertTrue(r.lines().get(0).startsWith("ModSecurity: Internal error (java.lang.IllegalStateException); "
                + "fail mode closed, response refused with 500."), r.lines().get(0));
    }

    @Test
    void failModeOpenWhenPhase3FailsThenDeliveredAndLogged() throws Exception {
        try (WafServer s = server(RuleSet.compile(WafConfig.builder().failMode(FailMode.OPEN)
                .rules(RuleSource.text("SecResponseBodyAccess On\n" + RESPONSE_RULES, "<inline rules>")).build()))) {
            byte[] body = utf8("page " + LEAK);
            Reply r = post(s, body, Reflect.TYPE, "text/plain", WafServer.EXPLODE_RESPONSE_HEADER, "1");
            assertDelivered(r, body);
            assertTrue(r.lines().get(0).contains("fail mode open, response passed on."), r.lines().toString());
            assertFalse(r.logged(4001), "the body is not inspected after a failed phase 3: " + r.lines());
        }
    }

    // ---- HEAD, 204, sendError, sendRedirect ----

    @Test
    void headWhenLengthDeclaredThenKeptAndNoBody() throws Exception {
        Reply r = call(server, "HEAD", "/reflect", null, Reflect.TYPE, "text/plain", Reflect.BODY, "twelve bytes",
                Reflect.LENGTH, "declare");
        assertEquals(200, r.status());
        assertEquals(0, r.body().length);
        assertEquals("12", r.header("Content-Length"));
        assertEquals(List.of(), r.lines());
    }

    @Test
    void headWhenLeakInTheBodyTheApplicationWroteThenBlocked() throws Exception {
        Reply r = call(server, "HEAD", "/reflect", null, Reflect.TYPE, "text/plain", Reflect.BODY, LEAK);
        assertEquals(403, r.status());
        assertEquals(0, r.body().length);
        assertTrue(r.logged(4001), r.lines().toString());
    }

    @Test
    void noContentWhenInspectedTypeThenNoBodyNoLengthAndPhase4Ran() throws Exception {
        Reply r = get(Reflect.STATUS, "204", Reflect.TYPE, "text/plain");
        assertEquals(204, r.status());
        assertEquals(0, r.body().length);
        assertTrue(r.header("Content-Length") == null || r.header("Content-Length").equals("0"),
                r.header("Content-Length"));
        assertTrue(r.logged(4003), r.lines().toString());
    }

    @Test
    void sendErrorWhenStatusPassesThenTheContainerAnswers() throws Exception {
        Reply r = get(Reflect.ERROR, "404");
        assertEquals(404, r.status());
        assertNull(r.header("X-Bulwark-Incident"));
        assertEquals(List.of(), r.lines());
    }

    @Test
    void sendErrorWhenStatusMatchesThenBlockedInPhase3() throws Exception {
        assertBlocked(get(Reflect.ERROR, "418"), 403, 3001, 3);
    }

    @Test
    void sendRedirectWhenLocationPassesThenRedirected() throws Exception {
        Reply r = get(Reflect.REDIRECT, "/elsewhere?x=1");
        assertEquals(302, r.status());
        assertTrue(r.header("Location").endsWith("/elsewhere?x=1"), r.header("Location"));
        assertEquals(List.of(), r.lines());
    }

    @Test
    void sendRedirectWhenLocationMatchesThenBlockedInPhase3() throws Exception {
        Reply r = get(Reflect.REDIRECT, "http://evil.example/steal");
        assertBlocked(r, 403, 3003, 3);
        assertNull(r.header("Location"));
    }

    // ---- dispatching ----

    @Test
    void forwardWhenTargetWritesThenInspectedAndDelivered() throws Exception {
        byte[] body = text(100_000, 0, "forwarded");
        assertDelivered(call(server, "POST", "/forward", body, Reflect.TYPE, "text/plain"), body);
        assertBlocked(call(server, "POST", "/forward", utf8("x " + LEAK), Reflect.TYPE, "text/plain"), 403, 4001, 4);
        byte[] streamed = text(100_000, 0, "streamed");
        assertDelivered(call(server, "POST", "/forward", streamed, Reflect.TYPE, "image/png"), streamed);
    }

    @Test
    void includeWhenTargetWritesThenPartOfTheInspectedBody() throws Exception {
        assertDelivered(call(server, "POST", "/include", utf8("inner")), utf8("<inner>"));
        assertBlocked(call(server, "POST", "/include", utf8(LEAK)), 403, 4001, 4);
    }

    // ---- CRS-like outbound anomaly scoring ----

    @Test
    void anomalyScoreWhenPhase4RulesAddUpThenTheEvaluationRuleBlocks() throws Exception {
        String rules = """
                SecResponseBodyAccess On
                SecAction "id:900,phase:1,pass,nolog,setvar:tx.outbound_anomaly_score_threshold=4,\\
                    setvar:tx.outbound_anomaly_score_pl1=0"
                SecRule RESPONSE_BODY "@rx ORA-[0-9]{5}" "id:951100,phase:4,pass,log,msg:'SQL error',\\
                    severity:CRITICAL,setvar:tx.outbound_anomaly_score_pl1=+5"
                SecRule RESPONSE_BODY "@rx Warning: mysql_" "id:951110,phase:4,pass,log,msg:'MySQL warning',\\
                    severity:WARNING,setvar:tx.outbound_anomaly_score_pl1=+3"
                SecRule TX:OUTBOUND_ANOMALY_SCORE_PL1 "@ge %{tx.outbound_anomaly_score_threshold}" \\
                    "id:959100,phase:4,deny,log,msg:'Outbound score: %{TX.OUTBOUND_ANOMALY_SCORE_PL1}'"
                """;
        try (WafServer s = server(rules)) {
            Reply blocked = post(s, utf8("failed: " + LEAK), Reflect.TYPE, "text/html");
            assertBlocked(blocked, 403, 959100, 4);
            assertTrue(blocked.line(951100).startsWith("ModSecurity: Warning."), blocked.line(951100));
            assertTrue(blocked.line(959100).contains("[msg \"Outbound score: 5\"]"), blocked.line(959100));

            Reply below = post(s, utf8("Warning: mysql_connect"), Reflect.TYPE, "text/html");
            assertDelivered(below, utf8("Warning: mysql_connect"));
            assertTrue(below.logged(951110));
            assertFalse(below.logged(959100), below.lines().toString());
        }
    }

    // ---- async ----

    @Test
    void asyncWhenStartedThroughTheRequestThenPassesThroughInOrderAndIsNoted() throws Exception {
        List<String> notes = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (notes) {
                    notes.add(record.getMessage());
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger logger = Logger.getLogger("dev.bulwark.waf");
        Level level = logger.getLevel();
        logger.setLevel(Level.FINE);
        logger.addHandler(handler);
        try {
            for (String path : List.of("/async", "/async-wrapped", "/async-writer")) {
                Reply r = call(server, "GET", path, null);
                assertEquals(200, r.status(), path);
                assertEquals("before-async " + LEAK + " from the async thread", r.text(), path);
                assertFalse(r.logged(4001), r.lines().toString());
            }
        } finally {
            logger.removeHandler(handler);
            logger.setLevel(level);
        }
        synchronized (notes) {
            assertEquals(3, notes.stream().filter(n -> n.startsWith(
                    "Bulwark: asynchronous request, response phases 3 and 4 skipped.")).count(), notes.toString());
        }
    }

    // ---- servlets ----

    /** Writes a first part, starts async processing, and writes the rest from another thread. */
    static final class AsyncServlet extends HttpServlet {
        private final boolean wrapped;

        AsyncServlet(boolean wrapped) {
            this.wrapped = wrapped;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
            res.setContentType("text/plain");
            res.getOutputStream().write(utf8("before-async "));
            AsyncContext ac = wrapped ? req.startAsync(req, res) : req.startAsync();
            ac.start(() -> {
                try {
                    ac.getResponse().getOutputStream().write(utf8(LEAK + " from the async thread"));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                } finally {
                    ac.complete();
                }
            });
        }
    }

    /** The include target: writes the request body. */
    static final class InnerServlet extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
            res.getOutputStream().write(req.getInputStream().readAllBytes());
        }
    }

    /** Forwards to {@code /reflect}, or includes {@code /inner} in text of its own. */
    static final class DispatchServlet extends HttpServlet {
        private final boolean include;

        DispatchServlet(boolean include) {
            this.include = include;
        }

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
            try {
                if (include) {
                    res.setContentType("text/plain");
                    res.getOutputStream().write(utf8("<"));
                    req.getRequestDispatcher("/inner").include(req, res);
                    res.getOutputStream().write(utf8(">"));
                } else {
                    res.getOutputStream().write(utf8("dropped by the forward"));
                    req.getRequestDispatcher("/reflect").forward(req, res);
                }
            } catch (jakarta.servlet.ServletException e) {
                throw new IOException(e);
            }
        }
    }

    /** Starts async processing first, then writes with the writer and flushBuffer from another thread. */
    static final class AsyncWriterServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse res) {
            res.setContentType("text/plain");
            AsyncContext ac = req.startAsync(req, res);
            ac.start(() -> {
                try {
                    res.getWriter().print("before-async ");
                    res.flushBuffer();
                    res.getWriter().print(LEAK + " from the async thread");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                } finally {
                    ac.complete();
                }
            });
        }
    }

    /** Streams a first part, then waits for the client to have read it before writing the rest. */
    static final class SlowServlet extends HttpServlet {
        static final byte[] FIRST = utf8("first part;");
        static final byte[] REST = utf8("the rest");

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
            res.setContentType("application/octet-stream");
            res.getOutputStream().write(FIRST);
            res.getOutputStream().flush();
            try {
                SLOW_TIMED_OUT.set(!SLOW_RELEASE.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            res.getOutputStream().write(REST);
        }
    }
}
