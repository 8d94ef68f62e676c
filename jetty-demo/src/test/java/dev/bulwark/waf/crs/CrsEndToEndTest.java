package dev.bulwark.waf.crs;

import dev.bulwark.demo.DemoForTests;
import dev.bulwark.waf.RuleSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The CRS regression suite end to end: the jetty-demo web application (its web.xml, its Jetty with default request
 * parsing) started as its command line starts it, with the harness preamble and CRS given as {@code --rules}; each
 * stage sent over a raw socket as go-ftw sends it. The log is read the way go-ftw reads a server's error log: a
 * marker request ({@code X-CRS-Test}, logged by rule 999999 of the preamble) before and after each stage, and the
 * stage's lines are those between the two marker lines.
 */
class CrsEndToEndTest {

    private static final Logger WAF_LOGGER = Logger.getLogger("dev.bulwark.waf");

    @Test
    void crsRegressionSuite() throws Exception {
        Path crs = CrsHarness.crsDirOrSkip();
        List<FtwTest> tests = CrsHarness.selectedTests(crs);
        Overrides overrides = Overrides.load("crs/overrides.yaml");
        Path preamble = Files.createTempFile("bulwark-crs-preamble", ".conf");
        Files.writeString(preamble, CrsHarness.resource("crs/harness-preamble.conf"), StandardCharsets.UTF_8);
        Path auditLog = Files.createTempFile("bulwark-crs-audit", ".log");
        List<String> args = new ArrayList<>(List.of("--port", "0", "--audit-log", auditLog.toString()));
        args.add("--rules");
        args.add(preamble.toString());
        for (RuleSource s : CrsHarness.ruleSources(crs).subList(1, CrsHarness.ruleSources(crs).size())) {
            args.add("--rules");
            args.add(s.toString());
        }
        ErrorLog log = new ErrorLog();
        Level level = WAF_LOGGER.getLevel();
        boolean parents = WAF_LOGGER.getUseParentHandlers();
        WAF_LOGGER.addHandler(log);
        WAF_LOGGER.setLevel(Level.ALL);
        WAF_LOGGER.setUseParentHandlers(false); // thousands of warnings: keep them out of the build output
        try (DemoForTests.Running demo = DemoForTests.start(args.toArray(String[]::new))) {
            RawHttp http = new RawHttp("127.0.0.1", demo.port(), 10_000);
            CrsHarness.Report report = CrsHarness.run(tests, overrides, CrsHarness.END_TO_END,
                    input -> stage(http, log, input), 1);
            CrsReport.finish(report, CrsHarness.END_TO_END, "crs/known-failures-end-to-end.txt");
        } finally {
            WAF_LOGGER.removeHandler(log);
            WAF_LOGGER.setLevel(level);
            WAF_LOGGER.setUseParentHandlers(parents);
            Files.deleteIfExists(preamble);
            Files.deleteIfExists(auditLog);
        }
    }

    private static CrsHarness.StageOutcome stage(RawHttp http, ErrorLog log, FtwTest.Input input) {
        String marker = UUID.randomUUID().toString();
        sendMarker(http, "start-" + marker);
        RawHttp.Exchange x = http.send(FtwRequest.build(input), FtwRequest.isHead(input), null);
        sendMarker(http, "end-" + marker);
        return new CrsHarness.StageOutcome(x.status(), x.error(), log.between("start-" + marker, "end-" + marker));
    }

    private static void sendMarker(RawHttp http, String marker) {
        byte[] request = ("GET /status/200 HTTP/1.1\r\nAccept: */*\r\nConnection: close\r\nHost: localhost\r\n"
                + "User-Agent: go-ftw test agent\r\nX-CRS-Test: " + marker + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        RawHttp.Exchange x = http.send(request, false, null);
        if (x.status() < 0) {
            throw new IllegalStateException("marker request failed: " + x.error());
        }
    }

    /** The WAF's log lines as a server error log would hold them, in order. */
    private static final class ErrorLog extends Handler {
        private final List<String> lines = new ArrayList<>();

        @Override
        public synchronized void publish(LogRecord record) {
            lines.add(record.getMessage());
        }

        /**
         * The lines strictly between the line holding {@code start} and the line holding {@code end} (searched from
         * the end, as go-ftw does); the lines up to the end marker are then dropped, as the next stage starts later.
         */
        synchronized List<String> between(String start, String end) {
            int endAt = -1;
            int startAt = -1;
            for (int i = lines.size() - 1; i >= 0; i--) {
                String l = lines.get(i);
                if (endAt < 0 && l.contains(end)) {
                    endAt = i;
                } else if (endAt >= 0 && l.contains(start)) {
                    startAt = i;
                    break;
                }
            }
            if (startAt < 0 || endAt < 0) {
                throw new IllegalStateException("marker lines not found in the log (" + start + ", " + end + ")");
            }
            List<String> stage = new ArrayList<>(lines.subList(startAt + 1, endAt));
            lines.subList(0, endAt + 1).clear();
            return stage;
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
