package dev.bulwark.waf.internal.transformations;

import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Runs ModSecurity's transformation vectors; see {@link TransformationVectors}. */
class TransformationVectorsTest {

    @TestFactory
    List<DynamicTest> modSecurityTransformationVectors() {
        return TransformationVectors.all();
    }
}
