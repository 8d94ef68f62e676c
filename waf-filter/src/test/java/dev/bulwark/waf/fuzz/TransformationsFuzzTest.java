package dev.bulwark.waf.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bulwark.waf.internal.transformations.Transformation;
import dev.bulwark.waf.internal.transformations.Transformations;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Every transformation in {@link Transformations} applied to the same arbitrary byte string: none may throw, and each
 * must return a byte string. That is all that is checked; what each transformation computes is the business of the
 * unit tests and ModSecurity's vectors.
 */
// Per input. In regression mode JUnit applies it, in a separate thread so that even a busy loop is cut short; in
// fuzzing mode Jazzer hands it to libFuzzer as -timeout.
@Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TransformationsFuzzTest {

    private static final List<Transformation> ALL =
            Transformations.names().stream().map(Transformations::lookup).toList();

    @DictionaryFile(resourcePath = "transformations.dict")
    @FuzzTest(maxDuration = "10s")
    void apply(byte[] input) {
        String value = ByteStringCheck.of(input);
        for (Transformation t : ALL) {
            ByteStringCheck.checkNonNull("t:" + t.name() + " output", t.apply(value));
        }
    }
}
