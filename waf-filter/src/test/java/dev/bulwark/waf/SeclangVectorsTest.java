package dev.bulwark.waf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bulwark.waf.internal.operators.OperatorVectors;
import dev.bulwark.waf.internal.transformations.TransformationVectors;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * ModSecurity's operator and transformation vectors ({@code ../shared/seclang-tests}), one dynamic test each, and a
 * closing test that prints the summary line {@code SecLang vectors: N passed, N failed, N skipped} once per run.
 */
class SeclangVectorsTest {

    @TestFactory
    List<DynamicNode> seclangVectors() {
        List<DynamicNode> all = new ArrayList<>();
        all.addAll(OperatorVectors.all());
        all.addAll(TransformationVectors.all());
        all.add(DynamicTest.dynamicTest("summary", () -> {
            int passed = OperatorVectors.TALLY.passed.get() + TransformationVectors.TALLY.passed.get();
            int failed = OperatorVectors.TALLY.failed.get() + TransformationVectors.TALLY.failed.get();
            int skipped = OperatorVectors.TALLY.skipped.get() + TransformationVectors.TALLY.skipped.get();
            System.out.println("SecLang vectors: " + passed + " passed, " + failed + " failed, " + skipped
                    + " skipped");
            assertEquals(0, failed, "SecLang vectors failed");
        }));
        return all;
    }
}
