package dev.bulwark.waf.internal.operators;

import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Runs ModSecurity's operator vectors; see {@link OperatorVectors}. */
class OperatorVectorsTest {

    @TestFactory
    List<DynamicTest> modSecurityOperatorVectors() {
        return OperatorVectors.all();
    }
}
