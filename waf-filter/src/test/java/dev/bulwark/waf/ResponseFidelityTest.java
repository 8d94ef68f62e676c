package dev.bulwark.waf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bulwark.waf.ResponseInspectionTest.Reply;
import dev.bulwark.waf.testsupport.Reflect;
import dev.bulwark.waf.testsupport.WafServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * What the application sets reaches the client the same with response inspection as without: each scenario runs on
 * Jetty with the filter inspecting responses (body access on, nothing matching) and on Jetty with the engine Off (no
 * wrapper at all), and status, headers and body must agree. Content-Length and Transfer-Encoding are compared apart:
 * an inspected body is sent whole with its exact Content-Length where the container might have chunked it.
 */
class ResponseFidelityTest {

    static WafServer inspected;
    static WafServer bare;

    @BeforeAll
    static void start() throws Exception {
        String rules = "SecResponseBodyAccess On\nSecResponseBodyLimit 1048576\n"
                + ResponseInspectionTest.RESPONSE_RULES;
        inspected = ResponseInspectionTest.server(rules);
        bare = ResponseInspectionTest.server(RuleSet.compile(WafConfig.builder()
                .rules(RuleSource.text(rules, "<inline rules>")).engineMode(EngineMode.OFF).build()));
    }

    @AfterAll
    static void stop() {
        inspected.close();
        bare.close();
    }

    record Scenario(String name, String method, String path, byte[] body, String... headers) {
        Scenario(String name, String method, byte[] body, String... headers) {
            this(name, method, "/reflect", body, headers);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static final String UNICODE = "Grüße, 漢字, 🙂 and ÿ";

    static List<Scenario> scenarios() {
        byte[] large = ResponseInspectionTest.text(100_000, 50_000, "middle");
        return List.of(
                new Scenario("stream, text/plain", "POST", utf8("hello"), Reflect.TYPE, "text/plain"),
                new Scenario("writer, no content type", "POST", utf8("café"), Reflect.VIA, "writer"),
                new Scenario("writer, text/plain", "POST", utf8("café"), Reflect.VIA, "writer", Reflect.TYPE,
                        "text/plain"),
                new Scenario("writer, charset in content type", "POST", utf8(UNICODE), Reflect.VIA, "writer",
                        Reflect.TYPE, "text/plain;charset=UTF-8"),
                new Scenario("writer, setCharacterEncoding", "POST", utf8(UNICODE), Reflect.VIA, "writer",
                        Reflect.TYPE, "text/html", Reflect.ENCODING, "UTF-8"),
                new Scenario("writer, json", "POST", utf8("{\"k\":\"" + UNICODE + "\"}"), Reflect.VIA, "writer",
                        Reflect.TYPE, "application/json"),
                new Scenario("writer, content type with charset after getWriter", "POST", utf8("café"),
                        Reflect.VIA, "writer", Reflect.LATE_TYPE, "text/html;charset=UTF-8"),
                new Scenario("writer, content type after getWriter", "POST", utf8("café"), Reflect.VIA, "writer",
                        Reflect.LATE_TYPE, "text/html"),
                new Scenario("writer, declared length", "POST", utf8(UNICODE), Reflect.VIA, "writer",
                        Reflect.TYPE, "text/plain;charset=UTF-8", Reflect.LENGTH, "declare"),
                new Scenario("cookies, repeated headers, status", "POST", utf8("made"), Reflect.TYPE,
                        "text/plain", Reflect.COOKIE, "session=abc", Reflect.HEADER, "X-One: 1", Reflect.HEADER,
                        "X-One: 2", Reflect.STATUS, "201"),
                new Scenario("declared length", "POST", utf8("0123456789"), Reflect.TYPE, "text/plain",
                        Reflect.LENGTH, "declare"),
                new Scenario("header set after a small body", "POST", utf8("small"), Reflect.TYPE, "text/plain",
                        Reflect.LATE_HEADER, "X-Late: yes"),
                new Scenario("header set after flushBuffer", "POST", utf8("small"), Reflect.TYPE, "text/plain",
                        Reflect.FLUSH, "first", Reflect.LATE_HEADER, "X-Late: yes"),
                new Scenario("header set after flushBuffer, streamed type", "POST", utf8("small"), Reflect.TYPE,
                        "application/octet-stream", Reflect.FLUSH, "first", Reflect.LATE_HEADER, "X-Late: yes"),
                new Scenario("large inspected body", "POST", large, Reflect.TYPE, "text/plain", Reflect.CHUNK,
                        "4096"),
                new Scenario("large streamed body", "POST", large, Reflect.TYPE, "image/png", Reflect.CHUNK,
                        "4096"),
                new Scenario("resetBuffer", "POST", utf8("draft"), Reflect.TYPE, "text/plain", Reflect.REPLACE,
                        "final"),
                new Scenario("204", "GET", null, Reflect.STATUS, "204", Reflect.TYPE, "text/plain"),
                new Scenario("304", "GET", null, Reflect.STATUS, "304", Reflect.TYPE, "text/html"),
                new Scenario("HEAD with declared length", "HEAD", null, Reflect.TYPE, "text/plain", Reflect.BODY,
                        "twelve bytes", Reflect.LENGTH, "declare"),
                new Scenario("HEAD with a body", "HEAD", null, Reflect.TYPE, "text/plain", Reflect.BODY,
                        "twelve bytes"),
                new Scenario("sendError", "GET", null, Reflect.TYPE, "text/plain", Reflect.ERROR, "404"),
                new Scenario("sendRedirect", "GET", null, Reflect.REDIRECT, "/elsewhere?a=b"),
                new Scenario("empty", "GET", null),
                new Scenario("writer closed, then a late header", "POST", utf8("café"), Reflect.VIA, "writer",
                        Reflect.TYPE, "text/plain", Reflect.CLOSE, "yes", Reflect.LATE_HEADER, "X-Late: yes"),
                new Scenario("stream closed, then a late header", "POST", utf8("closed"), Reflect.TYPE,
                        "text/html", Reflect.CLOSE, "yes", Reflect.LATE_HEADER, "X-Late: yes"),
                new Scenario("declared length reached, then a late header", "POST", utf8("0123456789"),
                        Reflect.TYPE, "text/plain", Reflect.LENGTH, "declare", Reflect.LATE_HEADER, "X-Late: yes"),
                new Scenario("application throws after writing", "POST", utf8("partial"), Reflect.TYPE,
                        "text/plain", Reflect.THROW, "yes"),
                new Scenario("large streamed body closed", "POST", large, Reflect.TYPE, "image/png",
                        Reflect.CHUNK, "5000", Reflect.CLOSE, "yes"),
                new Scenario("forward after output", "POST", "/forward", utf8("target"), Reflect.TYPE, "text/plain"),
                new Scenario("forward, target uses the writer", "POST", "/forward", utf8("café"), Reflect.VIA,
                        "writer"),
                new Scenario("include", "POST", "/include", utf8("inner")));
    }

    @TestFactory
    Stream<DynamicTest> responseWhenInspectedThenSameAsWithoutTheFilter() {
        DynamicTest sanity = DynamicTest.dynamicTest("the inspecting server inspects, the bare one does not", () -> {
            byte[] leak = utf8(ResponseInspectionTest.LEAK);
            assertEquals(403, ResponseInspectionTest.post(inspected, leak, Reflect.TYPE, "text/plain").status());
            assertEquals(200, ResponseInspectionTest.post(bare, leak, Reflect.TYPE, "text/plain").status());
        });
        return Stream.concat(Stream.of(sanity), scenarios().stream().map(s -> DynamicTest.dynamicTest(s.name(),
                () -> {
            Reply expected = ResponseInspectionTest.call(bare, s.method(), s.path(), s.body(), s.headers());
            Reply actual = ResponseInspectionTest.call(inspected, s.method(), s.path(), s.body(),
                    s.headers());
            assertEquals(expected.status(), actual.status(), "status");
            assertEquals(comparable(expected), comparable(actual), "headers");
            assertArrayEquals(withoutPort(expected.body(), bare), withoutPort(actual.body(), inspected), "body");
            String length = actual.header("Content-Length");
            if (length != null && !"HEAD".equals(s.method())) {
                assertEquals(String.valueOf(actual.body().length), length, "Content-Length");
            }
            if (expected.header("Content-Length") != null) {
                assertEquals(expected.header("Content-Length"), length, "Content-Length the container sent");
            }
            assertEquals(List.of(), actual.lines().stream().filter(l -> !l.contains("[id \"4003\"]")).toList(),
                    "log lines (but rule 4003, which logs every 204)");
        })));
    }

    /** The body with the server's port (which container error pages show) replaced by {@code PORT}. */
    static byte[] withoutPort(byte[] body, WafServer server) {
        String s = new String(body, StandardCharsets.ISO_8859_1);
        return s.replace(":" + server.port() + "/", ":PORT/").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The headers but Date, Content-Length and Transfer-Encoding. */
    static Map<String, List<String>> comparable(Reply r) {
        Map<String, List<String>> m = new TreeMap<>(r.headers().map());
        m.remove("date");
        m.remove("content-length");
        m.remove("transfer-encoding");
        return m;
    }
}
