package dev.bulwark.waf.internal.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.waf.testsupport.SeclangVectors;
import dev.bulwark.waf.testsupport.SeclangVectors.Vector;
import dev.bulwark.waf.testsupport.SkippedVectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.TestAbortedException;

/**
 * ModSecurity's operator vectors ({@code seclang-tests/operators/*.json}) as dynamic tests, one per vector, named
 * {@code name(param, input)}. Each builds the operator through {@link Operators#lookup} and checks {@code ret}, both
 * without and with the {@code capture} action; where a vector lists {@code re_groups}, the captures must be exactly
 * those, in order.
 *
 * <p>Guards (so that a green run proves the vectors ran): an operator name that is not registered fails; the number
 * of vectors in a full run must be {@link #EXPECTED_VECTORS}; the last test checks that every generated test
 * reported a result, and that every skip entry for an operator still names a vector. Vectors deliberately not run are
 * listed with their reason in {@code seclang-vectors-skipped.txt}.
 *
 * <p>{@code -Dvectors.only=name1,name2} runs only the vectors of those operators (any case), e.g. while an operator
 * is not registered yet; the count guard then does not apply.
 *
 * <p>Two conventions of the vector files are mapped here: ModSecurity's harness runs from its repository root, where
 * the vectors are in {@code test-cases/secrules-language-tests/operators}, so that prefix of a file argument is
 * resolved against the vector directory instead; and in operator inputs {@code \0} stands for a NUL byte, as in
 * the ModSecurity v2 tests they come from (the transformation vectors, by contrast, use {@code \0} literally).
 */
public final class OperatorVectors {

    /** Vectors in ModSecurity's operator files (29 files). */
    static final int EXPECTED_VECTORS = 3955;

    private static final String MODSECURITY_VECTOR_DIR = "test-cases/secrules-language-tests/operators/";

    /** Results of the dynamic tests, for the combined summary line. */
    public static final Tally TALLY = new Tally();

    /** Passed / failed / skipped counts, updated as the dynamic tests run. */
    public static final class Tally {
        public final AtomicInteger passed = new AtomicInteger();
        public final AtomicInteger failed = new AtomicInteger();
        public final AtomicInteger skipped = new AtomicInteger();

        public int total() {
            return passed.get() + failed.get() + skipped.get();
        }

        @Override
        public String toString() {
            return "operators: " + passed + " passed, " + failed + " failed, " + skipped + " skipped";
        }
    }

    private OperatorVectors() {}

    /** One dynamic test per vector, then the guard test. */
    public static List<DynamicTest> all() {
        Path dir = SeclangVectors.directory("operators");
        List<Vector> vectors;
        try {
            vectors = SeclangVectors.load("operators");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> only = onlyNames();
        Map<String, String> skips = SkippedVectors.load();
        Set<String> usedSkips = new HashSet<>();
        Set<String> vectorNames = new HashSet<>();
        List<DynamicTest> tests = new ArrayList<>();
        for (Vector v : vectors) {
            vectorNames.add(v.name());
            if (only != null && !only.contains(v.name().toLowerCase(Locale.ROOT))) {
                continue;
            }
            String display = displayName(v);
            String skipKey = skips.containsKey(display) ? display : skips.containsKey(v.name()) ? v.name() : null;
            if (skipKey != null) {
                usedSkips.add(skipKey);
                String reason = skips.get(skipKey);
                tests.add(DynamicTest.dynamicTest(display, () -> {
                    TALLY.skipped.incrementAndGet();
                    Assumptions.abort("skipped: " + reason);
                }));
            } else {
                tests.add(DynamicTest.dynamicTest(display, () -> run(dir, v)));
            }
        }
        int generated = tests.size();
        int loaded = vectors.size();
        int[] tallyBefore = new int[1];
        tests.add(0, DynamicTest.dynamicTest("operator vectors loaded", () -> {
            tallyBefore[0] = TALLY.total();
            assertTrue(loaded > 0, "no operator vectors in " + dir);
        }));
        tests.add(DynamicTest.dynamicTest("all operator vectors ran", () -> {
            assertTrue(generated > 0, "no operator vectors selected");
            if (only == null) {
                assertEquals(EXPECTED_VECTORS, loaded, "number of operator vectors in " + dir);
                List<String> stale = skips.keySet().stream()
                        .filter(k -> vectorNames.contains(baseName(k)) && !usedSkips.contains(k))
                        .collect(Collectors.toList());
                assertTrue(stale.isEmpty(), "skip entries that match no vector: " + stale);
            }
            assertEquals(generated, TALLY.total() - tallyBefore[0],
                    "vector tests that reported a result (" + TALLY + ")");
            System.out.println("[seclang vectors] " + TALLY);
        }));
        return tests;
    }

    private static void run(Path dir, Vector v) {
        try {
            check(dir, v);
            TALLY.passed.incrementAndGet();
        } catch (TestAbortedException e) {
            TALLY.skipped.incrementAndGet();
            throw e;
        } catch (Throwable e) {
            TALLY.failed.incrementAndGet();
            throw e;
        }
    }

    private static void check(Path dir, Vector v) {
        OperatorFactory factory = Operators.lookup(v.name());
        assertNotNull(factory, "operator @" + v.name() + " is not registered");
        String param = v.param() == null ? "" : v.param();
        if (param.startsWith(MODSECURITY_VECTOR_DIR)) {
            param = param.substring(MODSECURITY_VECTOR_DIR.length());
        }
        Operator operator;
        try {
            operator = factory.create(OperatorArgument.of(param, dir));
        } catch (OperatorException e) {
            throw new AssertionError("@" + v.name() + " rejected its argument: " + e.getMessage(), e);
        }
        String input = v.input() == null ? "" : v.input().replace("\\0", "\0");
        boolean expected = v.ret() != 0;
        assertEquals(expected, operator.matches(RecordingContext.notCapturing(), input),
                v.file() + "#" + v.index() + " " + operator);
        RecordingContext capturing = RecordingContext.capturing();
        assertEquals(expected, operator.matches(capturing, input),
                v.file() + "#" + v.index() + " " + operator + " (with capture)");
        if (v.groups() != null && v.name().equals("rx")) {
            assertEquals(v.groups(), capturing.captures(), "captures");
        }
    }

    private static Set<String> onlyNames() {
        String only = System.getProperty("vectors.only");
        if (only == null || only.isBlank()) {
            return null;
        }
        return Arrays.stream(only.split(","))
                .map(s -> s.trim().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
    }

    private static String baseName(String skipKey) {
        int paren = skipKey.indexOf('(');
        return paren < 0 ? skipKey : skipKey.substring(0, paren);
    }

    /** {@code name(param, input)} with bytes outside printable ASCII as {@code \xNN} and long values shortened. */
    static String displayName(Vector v) {
        return v.name() + "(" + shown(v.param()) + ", " + shown(v.input()) + ")";
    }

    private static String shown(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                b.append(c);
            } else {
                b.append(String.format("\\x%02x", (int) c));
            }
        }
        return b.length() > 48 ? b.substring(0, 45) + "..." : b.toString();
    }
}
