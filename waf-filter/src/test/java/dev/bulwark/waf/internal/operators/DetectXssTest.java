package dev.bulwark.waf.internal.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.waf.internal.macro.MacroText;
import dev.bulwark.waf.testsupport.SeclangVectors;
import dev.bulwark.waf.testsupport.SeclangVectors.Vector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.TestAbortedException;

class DetectXssTest {

    /** An operator context that records captures. */
    static final class RecordingContext implements OperatorContext {
        final boolean capture;
        final Map<Integer, String> captures = new HashMap<>();

        RecordingContext(boolean capture) {
            this.capture = capture;
        }

        @Override
        public String expand(MacroText text) {
            throw new UnsupportedOperationException("@detectXSS expands no macro");
        }

        @Override
        public boolean captureEnabled() {
            return capture;
        }

        @Override
        public void setCapture(int index, String value) {
            captures.put(index, value);
        }
    }

    static Operator detectXss() throws OperatorException {
        OperatorFactory factory = Operators.lookup("detectXSS");
        assertNotNull(factory, "@detectXSS is not registered");
        return factory.create(OperatorArgument.of(""));
    }

    @TestFactory
    Stream<DynamicTest> modSecurityVectors() throws IOException, OperatorException {
        Path dir;
        try {
            dir = SeclangVectors.directory("operators");
        } catch (TestAbortedException absent) {
            // Reported as a skipped test with its reason (an aborted factory is silent).
            return Stream.of(DynamicTest.dynamicTest("detectXSS vectors absent", () -> {
                throw absent;
            }));
        }
        List<Vector> vectors = SeclangVectors.loadFile(dir.resolve("detectXSS.json"));
        assertEquals(3, vectors.size(), "detectXSS.json changed: review the vectors");
        Operator op = detectXss();
        return vectors.stream().map(v -> DynamicTest.dynamicTest("detectXSS(" + v.input() + ")", () -> {
            assertEquals("detectXSS", v.name());
            assertEquals(v.ret() == 1, op.matches(new RecordingContext(false), v.input()));
        }));
    }

    @Test
    void lookupWhenAnyCaseThenSameOperator() {
        assertNotNull(Operators.lookup("DETECTxss"));
    }

    @Test
    void createWhenArgumentGivenThenLoadError() {
        assertThrows(OperatorException.class, () -> Operators.lookup("detectXSS").create(OperatorArgument.of("x")));
    }

    @Test
    void matchesWhenCaptureThenWholeValueInTx0() throws OperatorException {
        RecordingContext ctx = new RecordingContext(true);
        String attack = "q <img src=x onerror=alert(1)>";
        assertTrue(detectXss().matches(ctx, attack));
        assertEquals(Map.of(0, attack), ctx.captures);
    }

    @Test
    void matchesWhenNoAttackThenNoCapture() throws OperatorException {
        RecordingContext ctx = new RecordingContext(true);
        assertFalse(detectXss().matches(ctx, "a <b> c"));
        assertTrue(ctx.captures.isEmpty());
    }

    @Test
    void toStringIsSecLang() throws OperatorException {
        assertEquals("@detectXSS", detectXss().toString());
    }
}
