package dev.bulwark.waf.internal.transformations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.bulwark.waf.testsupport.SeclangVectors;
import dev.bulwark.waf.testsupport.SeclangVectors.Vector;
import dev.bulwark.waf.testsupport.SkippedVectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.TestAbortedException;

/**
 * ModSecurity's transformation vectors ({@code seclang-tests/transformations/*.json}) as dynamic tests, one per
 * vector, named {@code name(input)}. Each looks the transformation up by name in {@link Transformations}, applies it
 * and checks the output byte for byte, that no output char lies above 0xFF, and the {@code ret} flag: 1 when the
 * value changed. "Changed" is read from the {@link Transformation} contract: the result is a different instance
 * exactly when its content differs from the input (a new instance with unchanged content fails the test).
 *
 * <p>Guards, so that a green run proves the vectors ran: a name that is not registered fails its vector; a full run
 * must load {@link #EXPECTED_VECTORS} vectors; the last test checks that every generated test reported a result and
 * that every skip entry for a transformation still names a vector.
 *
 * <p>Entries of {@code seclang-vectors-skipped.txt} that concern transformations: a name or a display name skips
 * that vector (or all of that transformation's), with its reason; {@code ret:} followed by a display name keeps the
 * output check of that vector but not its {@code ret} check, for vectors whose flag contradicts their own input and
 * output (ModSecurity's harnesses never compared it for them: libmodsecurity ignores {@code ret} of
 * transformations, and ModSecurity v2 returned "always 1" or a length comparison for several of them).
 */
public final class TransformationVectors {

    /** Vectors in ModSecurity's transformation files (35 files). */
    static final int EXPECTED_VECTORS = 376;

    /** Prefix of skip keys that waive only the {@code ret} check of one vector. */
    static final String RET_ONLY = "ret:";

    /**
     * Names under which libmodsecurity's unit-test harness instantiates a transformation where they differ from the
     * SecLang name: {@code cmdLine.json} says {@code cmd_line}, which no rule may write ({@code t:cmd_line} is not
     * SecLang in ModSecurity v2 or v3).
     */
    private static final Map<String, String> HARNESS_NAMES = Map.of("cmd_line", "cmdLine");

    /** Results of the dynamic tests, for the combined summary line. */
    public static final Tally TALLY = new Tally();

    /** Passed / failed / skipped counts, updated as the dynamic tests run. */
    public static final class Tally {
        public final AtomicInteger passed = new AtomicInteger();
        public final AtomicInteger failed = new AtomicInteger();
        public final AtomicInteger skipped = new AtomicInteger();
        /** Vectors that ran with their {@code ret} check waived (also counted as passed or failed). */
        public final AtomicInteger retWaived = new AtomicInteger();

        public int total() {
            return passed.get() + failed.get() + skipped.get();
        }

        @Override
        public String toString() {
            return "transformations: " + passed + " passed, " + failed + " failed, " + skipped + " skipped ("
                    + retWaived + " with the ret flag waived)";
        }
    }

    private TransformationVectors() {}

    /** The guard test, one dynamic test per vector, then the closing guard test. */
    public static List<DynamicTest> all() {
        Path dir = SeclangVectors.directory("transformations");
        List<Vector> vectors;
        try {
            vectors = SeclangVectors.load("transformations");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> skips = SkippedVectors.load();
        Set<String> usedSkips = new HashSet<>();
        Set<String> names = new HashSet<>();
        List<DynamicTest> tests = new ArrayList<>();
        for (Vector v : vectors) {
            String name = secLangName(v.name());
            names.add(name);
            String display = displayName(name, v.input());
            String skipKey = skips.containsKey(display) ? display : skips.containsKey(name) ? name : null;
            if (skipKey != null) {
                usedSkips.add(skipKey);
                String reason = skips.get(skipKey);
                tests.add(DynamicTest.dynamicTest(display, () -> {
                    TALLY.skipped.incrementAndGet();
                    Assumptions.abort("skipped: " + reason);
                }));
                continue;
            }
            boolean checkRet = !skips.containsKey(RET_ONLY + display);
            if (!checkRet) {
                usedSkips.add(RET_ONLY + display);
            }
            tests.add(DynamicTest.dynamicTest(display, () -> run(v, name, checkRet)));
        }
        int generated = tests.size();
        int loaded = vectors.size();
        int[] tallyBefore = new int[1];
        tests.add(0, DynamicTest.dynamicTest("transformation vectors loaded", () -> {
            tallyBefore[0] = TALLY.total();
            assertTrue(loaded > 0, "no transformation vectors in " + dir);
        }));
        tests.add(DynamicTest.dynamicTest("all transformation vectors ran", () -> {
            assertEquals(EXPECTED_VECTORS, loaded, "number of transformation vectors in " + dir);
            Set<String> stale = new TreeSet<>();
            for (String key : skips.keySet()) {
                if (names.contains(baseName(key)) && !usedSkips.contains(key)) {
                    stale.add(key);
                }
            }
            assertTrue(stale.isEmpty(), "skip entries that match no transformation vector: " + stale);
            assertEquals(generated, TALLY.total() - tallyBefore[0],
                    "vector tests that reported a result (" + TALLY + ")");
            System.out.println("[seclang vectors] " + TALLY);
        }));
        return tests;
    }

    private static void run(Vector v, String name, boolean checkRet) {
        try {
            check(v, name, checkRet);
            TALLY.passed.incrementAndGet();
            if (!checkRet) {
                TALLY.retWaived.incrementAndGet();
            }
        } catch (TestAbortedException e) {
            TALLY.skipped.incrementAndGet();
            throw e;
        } catch (Throwable e) {
            TALLY.failed.incrementAndGet();
            throw e;
        }
    }

    private static void check(Vector v, String name, boolean checkRet) {
        String where = v.file() + "#" + v.index();
        Transformation t = Transformations.lookup(name);
        assertNotNull(t, "transformation t:" + name + " is not registered (" + where + ")");
        String input = v.input();
        String output = t.apply(input);
        assertNotNull(output, where);
        assertByteString(output, where);
        assertEquals(escaped(v.output()), escaped(output), where + " output");
        boolean changed = output != input;
        if (changed && output.equals(input)) {
            fail(where + ": returned a new String with the input's content (the contract asks for the same instance)");
        }
        if (checkRet) {
            assertEquals(v.ret() == 1, changed, where + " ret (1 = the value changed)");
        }
    }

    /** Fails when a char of {@code s} lies above 0xFF. */
    static void assertByteString(String s, String where) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xFF) {
                fail(where + ": char " + Integer.toHexString(s.charAt(i)) + " at " + i + " is not a byte");
            }
        }
    }

    private static String secLangName(String vectorName) {
        return HARNESS_NAMES.getOrDefault(vectorName, vectorName);
    }

    /** The transformation name a skip key refers to. */
    private static String baseName(String key) {
        String k = key.startsWith(RET_ONLY) ? key.substring(RET_ONLY.length()) : key;
        int paren = k.indexOf('(');
        return paren < 0 ? k : k.substring(0, paren);
    }

    /** {@code name(input)}, bytes outside printable ASCII as {@code \xNN}, long inputs shortened. */
    static String displayName(String name, String input) {
        String shown = shown(input);
        return name + "(" + (shown.length() > 48 ? shown.substring(0, 45) + "..." : shown) + ")";
    }

    /** Printable ASCII as is, other bytes as {@code \xNN}. */
    private static String shown(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                b.append(c);
            } else {
                b.append(String.format("\\x%02x", (int) c));
            }
        }
        return b.toString();
    }

    /** An unambiguous printable form for assertion messages: backslashes and non-printable bytes as {@code \xNN}. */
    static String escaped(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                b.append(c);
            } else {
                b.append(String.format("\\x%02x", (int) c));
            }
        }
        return b.toString();
    }
}
