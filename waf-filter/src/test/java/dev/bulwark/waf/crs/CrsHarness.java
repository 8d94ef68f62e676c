package dev.bulwark.waf.crs;

import dev.bulwark.waf.RuleSource;
import dev.bulwark.waf.testsupport.SharedData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the CRS regression suite through a {@link Transport} and decides each test as go-ftw does ({@link FtwCheck}),
 * with Bulwark's {@link Overrides}. Shared by the in-process harness and the end-to-end harness.
 *
 * <p>Selection (system properties): {@code crs.file} (a test file name or a part of its path, e.g.
 * {@code REQUEST-942-APPLICATION-ATTACK-SQLI/942100.yaml} or {@code 942100.yaml}), {@code crs.rule} (a rule id,
 * e.g. {@code 942100}), {@code crs.test} (a test id, e.g. {@code 942100-3}); {@code crs.verbose=true} prints each
 * request sent, its status and its log lines.
 *
 * <p>A test passes when every stage passes (go-ftw keeps only the last stage's result; Bulwark is stricter). A failing
 * stage marked {@code retry_once} is sent again once, as go-ftw does.
 */
final class CrsHarness {

    static final String IN_PROCESS = "in-process";
    static final String END_TO_END = "end-to-end";

    /** Sends one stage and reports the response status (or transport error) and the log lines of that request. */
    interface Transport {
        StageOutcome send(FtwTest.Input input) throws InterruptedException;
    }

    record StageOutcome(int status, String error, List<String> lines) {}

    record Report(int passed, int failed, int overridden, Map<String, String> failures, int total) {

        String summary(String harness) {
            return "CRS regression (" + harness + "): " + passed + " passed, " + failed + " failed, " + overridden
                    + " overridden";
        }
    }

    private CrsHarness() {}

    /** The CRS directory, or a skipped test (a failure in CI) when it is missing. */
    static Path crsDirOrSkip() {
        Path crs = SharedData.crsDir();
        boolean present = Files.isDirectory(crs.resolve("rules"))
                && Files.isDirectory(crs.resolve("tests/regression/tests"));
        if (!present && SharedData.inCi()) {
            throw new AssertionError("CRS not found at " + crs + " (set -Dcrs.dir or CRS_DIR); CI requires it");
        }
        Assumptions.assumeTrue(present, "CRS regression suite skipped: no CRS at " + crs
                + " (set -Dcrs.dir or CRS_DIR to an OWASP CRS v4 checkout)");
        return crs;
    }

    /**
     * The configuration the suite runs against, in load order: the harness preamble (the CRS test container's
     * settings), {@code crs-setup.conf.example}, plugin config and before-files, {@code rules/*.conf}, plugin after-files.
     */
    static List<RuleSource> ruleSources(Path crs) throws IOException {
        List<RuleSource> sources = new ArrayList<>();
        sources.add(RuleSource.text(resource("crs/harness-preamble.conf"), "crs/harness-preamble.conf"));
        sources.add(RuleSource.path(crs.resolve("crs-setup.conf.example")));
        sources.addAll(sorted(crs.resolve("plugins"), "-config.conf"));
        sources.addAll(sorted(crs.resolve("plugins"), "-before.conf"));
        sources.addAll(sorted(crs.resolve("rules"), ".conf"));
        sources.addAll(sorted(crs.resolve("plugins"), "-after.conf"));
        return sources;
    }

    private static List<RuleSource> sorted(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().map(RuleSource::path).toList();
        }
    }

    /** The tests the system properties select (all by default); fails when the selection is empty. */
    static List<FtwTest> selectedTests(Path crs) throws IOException {
        List<FtwTest> all = FtwSuite.load(crs.resolve("tests/regression/tests"));
        String file = System.getProperty("crs.file");
        String rule = System.getProperty("crs.rule");
        String test = System.getProperty("crs.test");
        List<FtwTest> selected = all.stream()
                .filter(t -> blank(file) || t.file().endsWith(file) || t.file().contains(file))
                .filter(t -> blank(rule) || t.ruleId().equals(rule.trim()))
                .filter(t -> blank(test) || t.id().equals(test.trim()))
                .toList();
        if (selected.isEmpty()) {
            throw new AssertionError("no CRS regression tests selected (crs.file=" + file + ", crs.rule=" + rule
                    + ", crs.test=" + test + ") among " + all.size() + " tests in " + crs);
        }
        return selected;
    }

    static boolean selectionIsPartial() {
        return !blank(System.getProperty("crs.file")) || !blank(System.getProperty("crs.rule"))
                || !blank(System.getProperty("crs.test"));
    }

    /** Runs the tests with {@code threads} concurrent stages. */
    static Report run(List<FtwTest> tests, Overrides overrides, String harness, Transport transport, int threads)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (FtwTest t : tests) {
                Overrides.Entry o = overrides.find(t.id(), harness);
                results.add(pool.submit(() -> runTest(t, o, transport)));
            }
            int passed = 0;
            int overridden = 0;
            Map<String, String> failures = new LinkedHashMap<>();
            for (int i = 0; i < tests.size(); i++) {
                String failure = results.get(i).get();
                FtwTest t = tests.get(i);
                if (failure != null) {
                    failures.put(t.id(), failure);
                } else if (overrides.find(t.id(), harness) != null) {
                    overridden++;
                } else {
                    passed++;
                }
            }
            return new Report(passed, failures.size(), overridden, failures, tests.size());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Null when the test passes, else why it failed. */
    private static String runTest(FtwTest t, Overrides.Entry override, Transport transport)
            throws InterruptedException {
        for (int s = 0; s < t.stages().size(); s++) {
            FtwTest.Stage stage = t.stages().get(s);
            FtwTest.Output expected = override != null ? override.output() : stage.output();
            String failure = runStage(stage.input(), expected, transport);
            if (failure != null && stage.output().retryOnce()) {
                failure = runStage(stage.input(), expected, transport);
            }
            if (failure != null) {
                return (t.stages().size() > 1 ? "stage " + (s + 1) + ": " : "") + failure;
            }
        }
        return null;
    }

    private static String runStage(FtwTest.Input input, FtwTest.Output expected, Transport transport)
            throws InterruptedException {
        StageOutcome o = transport.send(input);
        if (Boolean.getBoolean("crs.verbose")) {
            // -Dcrs.verbose=true: what was sent and what came back, for looking into one test
            System.out.println(">>> " + new String(FtwRequest.build(input), StandardCharsets.ISO_8859_1)
                    .replace("\r\n", "\n>>> ") + "\n<<< status " + o.status() + (o.error() == null ? ""
                    : " (" + o.error() + ")") + "\n" + String.join("\n", o.lines()));
        }
        for (String line : o.lines()) {
            if (line.startsWith("ModSecurity: Internal error")) {
                return "engine failure: " + line;
            }
        }
        String failure = FtwCheck.check(expected, o.status(), o.lines());
        if (failure != null) {
            failure += o.error() != null ? " (" + o.error() + ")" : " (status " + o.status() + ")";
        }
        return failure;
    }

    /**
     * Tests that still fail for a reason in Bulwark and are being worked on, one per line ({@code id  reason}). A
     * listed test that passes, or a failing test that is not listed, fails the run: the list can only shrink.
     */
    static Map<String, String> knownFailures(String resource) throws IOException {
        Map<String, String> known = new LinkedHashMap<>();
        try (InputStream in = Objects.requireNonNull(CrsHarness.class.getClassLoader().getResourceAsStream(resource),
                resource); BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                String[] parts = l.split("\\s+", 2);
                if (parts.length < 2) {
                    throw new IOException(resource + ": '" + l + "' has no reason");
                }
                known.put(parts[0], parts[1]);
            }
        }
        return known;
    }

    static String resource(String name) throws IOException {
        try (InputStream in = CrsHarness.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("not on the test classpath: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
