package dev.bulwark.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import dev.bulwark.waf.testsupport.SharedData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code --crs DIR}: the production configuration (bundled base settings, CRS defaults: paranoia level 1, blocking at
 * inbound anomaly score 5) blocks attacks and lets ordinary traffic through without a log line.
 */
class DemoCrsTest {

    private static final Logger WAF_LOGGER = Logger.getLogger("dev.bulwark.waf");
    private static final List<String> LOG = Collections.synchronizedList(new ArrayList<>());
    private static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord record) {
            LOG.add(record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static DemoServer server;

    @BeforeAll
    static void start() {
        Path crs = SharedData.crsDir();
        boolean present = Files.isDirectory(crs.resolve("rules"));
        if (!present && SharedData.inCi()) {
            throw new AssertionError("CRS not found at " + crs + "; CI requires it");
        }
        Assumptions.assumeTrue(present, "no CRS at " + crs + " (set -Dcrs.dir or CRS_DIR): --crs not tested");
        WAF_LOGGER.addHandler(CAPTURE);
        WAF_LOGGER.setLevel(Level.ALL);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        DemoServer.Launch launch = DemoServer.launch(new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err), "--port", "0", "--crs", crs.toString(), "--audit-log",
                DemoServerTest.AUDIT_DIR.resolve("crs-audit.log").toString());
        assertEquals(0, launch.exitCode(), err.toString());
        server = launch.server();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        WAF_LOGGER.removeHandler(CAPTURE);
    }

    @BeforeEach
    void clear() throws InterruptedException {
        DemoServerTest.awaitQuiet(LOG);
        LOG.clear();
    }

    @Test
    void sqlInjectionIsBlockedWithTheCrsRuleInTheLog() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/?id=1%27%20or%201%3D1--"))
                .header("Accept", "text/html").GET());
        assertEquals(403, r.statusCode());
        String incident = r.headers().firstValue("X-Bulwark-Incident").orElseThrow();
        assertTrue(DemoServerTest.awaitLine(LOG, l -> l.contains("[id \"942100\"]")), LOG::toString);
        assertTrue(DemoServerTest.awaitLine(LOG,
                l -> l.contains("[id \"949110\"]") && l.contains("[unique_id \"" + incident + "\"]")), LOG::toString);
    }

    @Test
    void ordinaryBrowserTrafficPassesQuietly() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/?q=red+shoes&page=2"))
                .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                .header("Accept-Language", "en-GB,en;q=0.5")
                .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")
                .GET());
        assertEquals(200, r.statusCode());
        HttpResponse<String> form = send(HttpRequest.newBuilder(uri("/post"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("name=O%27Brien&comment=drop+us+a+line")));
        assertEquals(200, form.statusCode());
        DemoServerTest.awaitQuiet(LOG); // a line published just after the response must not be missed
        assertEquals(List.of(), LOG);
    }

    @Test
    void attackInJsonBodyIsBlocked() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/echo"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":{\"bio\":\"<script>alert(1)</script>\"}}")));
        assertEquals(403, r.statusCode());
        assertTrue(DemoServerTest.awaitLine(LOG, l -> l.contains("ARGS:user.bio")), LOG::toString);
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return HTTP.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String pathAndQuery) {
        // a name, not an IP: CRS 920350 rightly notes a numeric Host header
        return URI.create("http://localhost:" + server.port() + pathAndQuery);
    }
}
