package dev.bulwark.waf.crs;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.waf.RuleSet;
import dev.bulwark.waf.RuleSource;
import dev.bulwark.waf.WafConfig;
import dev.bulwark.waf.WafFilter;
import dev.bulwark.waf.testsupport.SharedData;
import dev.bulwark.waf.testsupport.WafServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.Yaml;

/**
 * The CRS response rules (RESPONSE-95x and the outbound blocking evaluation 959) run unmodified through the filter
 * in Jetty, against the CRS regression tests of those files. The backend behaves like the CRS CI's (albedo): {@code
 * POST /reflect} answers the JSON body's {@code status}, {@code headers} and {@code body} (or base64
 * {@code encodedBody}) as {@code text/plain}, as Coraza's harness does; other paths answer a short text. Settings as
 * in the CRS CI container (DetectionOnly, response bodies of text/plain, text/html, text/xml and JSON inspected up to
 * 1 MiB, ProcessPartial, blocking paranoia level 4); only REQUEST-901 of the request rules is loaded, because the full
 * request side does not load yet and the response tests do not depend on it.
 */
class CrsResponseRulesTest {

    private static final String PREAMBLE = """
            SecRuleEngine DetectionOnly
            SecRequestBodyAccess On
            SecResponseBodyAccess On
            SecResponseBodyMimeType text/plain text/html text/xml application/json
            SecResponseBodyLimit 1048576
            SecResponseBodyLimitAction ProcessPartial
            SecRule REQUEST_HEADERS:Content-Type "@rx ^application/json" \\
                "id:200001,phase:1,pass,nolog,t:none,t:lowercase,ctl:requestBodyProcessor=JSON"
            SecAction "id:900005,phase:1,pass,nolog,t:none,setvar:tx.blocking_paranoia_level=4,\\
                setvar:tx.inbound_anomaly_score_threshold=5,setvar:tx.outbound_anomaly_score_threshold=4"
            """;

    private static final AtomicInteger KEYS = new AtomicInteger();

    private static WafServer server;
    private static Path crs;

    @BeforeAll
    static void start() throws Exception {
        crs = SharedData.crsDir();
        Assumptions.assumeTrue(Files.isDirectory(crs.resolve("rules")) || SharedData.inCi(),
                "CRS not found at " + crs + " (set crs.dir); skipping the CRS response-rule tests");
        RuleSet rules = RuleSet.compile(WafConfig.builder()
                .rules(RuleSource.text(PREAMBLE, "<preamble>"))
                .rules(crs.resolve("crs-setup.conf.example").toString(),
                        crs.resolve("rules/REQUEST-901-INITIALIZATION.conf").toString(),
                        crs.resolve("rules").toString() + "/RESPONSE-9*.conf")
                .build());
        server = new WafServer(new WafFilter(rules), Map.of(), Map.of("/reflect", new ReflectServlet(),
                "/reflect/*", new ReflectServlet()));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> responseRuleTestsWhenRunThroughTheFilterThenAsExpected() throws Exception {
        Path testsDir = crs.resolve("tests/regression/tests");
        List<FtwTest> tests = new ArrayList<>();
        for (String dir : List.of("RESPONSE-950-DATA-LEAKAGES", "RESPONSE-951-DATA-LEAKAGES-SQL",
                "RESPONSE-952-DATA-LEAKAGES-JAVA", "RESPONSE-953-DATA-LEAKAGES-PHP", "RESPONSE-954-DATA-LEAKAGES-IIS",
                "RESPONSE-955-WEB-SHELLS", "RESPONSE-956-DATA-LEAKAGES-RUBY", "RESPONSE-959-BLOCKING-EVALUATION")) {
            try (Stream<Path> files = Files.list(testsDir.resolve(dir))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                    tests.addAll(FtwSuite.loadFile(testsDir, f));
                }
            }
        }
        long reflected = tests.stream().flatMap(t -> t.stages().stream())
                .filter(s -> s.input().uri().startsWith("/reflect")).count();
        // Proves the suite is there and read: the CRS 4 response tests reflect 87 bodies (crs-inventory 2.6).
        assertTrue(reflected >= 80, "reflected stages found: " + reflected);
        return tests.stream().map(t -> DynamicTest.dynamicTest(t.id(), () -> {
            for (FtwTest.Stage stage : t.stages()) {
                String key = "crs" + KEYS.incrementAndGet();
                Map<String, String> headers = new LinkedHashMap<>(stage.input().headers());
                headers.put(WafServer.KEY_HEADER, key);
                FtwTest.Input in = stage.input();
                byte[] request = FtwRequest.build(new FtwTest.Input(in.method(), in.uri(), in.version(), headers,
                        in.data(), in.autocompleteHeaders(), in.encodedRequest()));
                int status = exchange(request);
                assertNull(FtwCheck.check(stage.output(), status, server.lines(key)), t.id() + " (" + t.file() + ")");
            }
        }));
    }

    /** Sends the raw request and reads the response to the end; returns its status, or -1. */
    private static int exchange(byte[] request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            String head = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            if (!head.startsWith("HTTP/1.1 ") || head.length() < 12) {
                return -1;
            }
            return Integer.parseInt(head.substring(9, 12));
        }
    }

    /** albedo's {@code /reflect}: status, headers and body from a JSON request body. */
    private static final class ReflectServlet extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
            Object parsed;
            try {
                // JSON is YAML: SnakeYAML reads the test bodies as they are.
                parsed = new Yaml().load(new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                parsed = null;
            }
            if (!(parsed instanceof Map<?, ?> spec)) {
                res.setStatus(400);
                return;
            }
            res.setContentType("text/plain");
            if (spec.get("headers") instanceof Map<?, ?> h) {
                h.forEach((k, v) -> res.addHeader(String.valueOf(k), String.valueOf(v)));
            }
            if (spec.get("status") instanceof Number n) {
                res.setStatus(n.intValue());
            }
            byte[] body = new byte[0];
            if (spec.get("encodedBody") instanceof String b) {
                body = Base64.getDecoder().decode(b);
            } else if (spec.get("body") != null) {
                body = String.valueOf(spec.get("body")).getBytes(StandardCharsets.UTF_8);
            }
            res.getOutputStream().write(body);
        }
    }
}
