package dev.bulwark.waf.internal.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.bulwark.waf.internal.macro.MacroText;
import dev.bulwark.waf.testsupport.SeclangVectors;
import dev.bulwark.waf.testsupport.SeclangVectors.Vector;
import dev.bulwark.waf.testsupport.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class DetectSqliTest {

    /** Records captures; macros are not used by this operator. */
    private static final class CaptureContext implements OperatorContext {
        private final boolean capture;
        final Map<Integer, String> captured = new HashMap<>();

        CaptureContext(boolean capture) {
            this.capture = capture;
        }

        @Override
        public String expand(MacroText text) {
            throw new AssertionError("@detectSQLi expands no macro");
        }

        @Override
        public boolean captureEnabled() {
            return capture;
        }

        @Override
        public void setCapture(int index, String value) {
            captured.put(index, value);
        }
    }

    private static Operator create(String argument) throws OperatorException {
        OperatorFactory factory = Operators.lookup("detectSQLi");
        assertNotNull(factory, "detectSQLi is registered");
        return factory.create(OperatorArgument.of(argument));
    }

    @TestFactory
    Stream<DynamicTest> modSecurityVectors() throws IOException {
        Path file = SharedData.seclangTestsDir().resolve("operators/detectSQLi.json");
        if (!Files.isRegularFile(file) && !SharedData.inCi()) {
            // A skipped test rather than an aborted factory, so that the reason shows in the report.
            return Stream.of(dynamicTest("detectSQLi vectors skipped", () -> assumeTrue(false,
                    "ModSecurity vectors not found at " + file + " (set -Dseclang.tests.dir or SECLANG_TESTS_DIR)")));
        }
        List<Vector> vectors =
                SeclangVectors.loadFile(SeclangVectors.directory("operators").resolve("detectSQLi.json"));
        assertEquals(3, vectors.size(), "all of ModSecurity's detectSQLi vectors are run");
        return vectors.stream().map(v -> dynamicTest(v.name() + "(" + v.input() + ")", () -> {
            Operator op = create(v.param() == null ? "" : v.param());
            assertEquals(v.ret() == 1, op.matches(new CaptureContext(false), v.input()));
        }));
    }

    @Test
    void matchesWhenCaptureEnabledThenFingerprintGoesToTx0() throws OperatorException {
        CaptureContext context = new CaptureContext(true);
        assertTrue(create("").matches(context, "1' OR '1'='1"));
        assertEquals(Map.of(0, "s&sos"), context.captured);
    }

    @Test
    void matchesWhenCaptureDisabledThenNothingIsCaptured() throws OperatorException {
        CaptureContext context = new CaptureContext(false);
        assertTrue(create("").matches(context, "1 UNION SELECT password FROM users"));
        assertTrue(context.captured.isEmpty());
    }

    @Test
    void matchesWhenBenignThenFalseAndNoCapture() throws OperatorException {
        CaptureContext context = new CaptureContext(true);
        assertFalse(create("").matches(context, "Patrick O'Brien"));
        assertTrue(context.captured.isEmpty());
    }

    @Test
    void createWhenArgumentGivenThenLoadError() {
        OperatorException e = assertThrows(OperatorException.class, () -> create("foo"));
        assertTrue(e.getMessage().contains("no argument"), e.getMessage());
    }

    @Test
    void createWhenArgumentBlankThenAccepted() throws OperatorException {
        assertEquals("@detectSQLi", create("  ").toString());
    }

    @Test
    void lookupIsCaseInsensitive() {
        assertNotNull(Operators.lookup("DETECTSQLI"));
        assertNull(Operators.lookup("detectSQL"));
    }
}
