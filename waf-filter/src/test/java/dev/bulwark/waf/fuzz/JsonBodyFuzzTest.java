package dev.bulwark.waf.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bulwark.waf.internal.body.BodyParseException;
import dev.bulwark.waf.internal.body.JsonBodyParser;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * The JSON body processor on arbitrary bytes: it either delivers arguments or throws {@link BodyParseException};
 * anything else (another exception, a hang, running out of memory) is a bug. Every name and value it delivers is a
 * byte string, and it never delivers more arguments than its limit. Each input is parsed twice: with the default
 * limits and with tight ones, so that the limit paths are fuzzed too.
 */
// Per input. In regression mode JUnit applies it, in a separate thread so that even a busy loop is cut short; in
// fuzzing mode Jazzer hands it to libFuzzer as -timeout.
@Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class JsonBodyFuzzTest {

    private static final JsonBodyParser DEFAULT_LIMITS = new JsonBodyParser();
    private static final JsonBodyParser TIGHT_LIMITS = new JsonBodyParser(3, 8);

    @DictionaryFile(resourcePath = "json.dict")
    @FuzzTest(maxDuration = "10s")
    void parse(byte[] body) {
        parseChecked(DEFAULT_LIMITS, body);
        parseChecked(TIGHT_LIMITS, body);
    }

    private static void parseChecked(JsonBodyParser parser, byte[] body) {
        int[] delivered = {0};
        try {
            parser.parse(body, (name, value) -> {
                delivered[0]++;
                ByteStringCheck.checkNonNull("argument name", name);
                ByteStringCheck.checkNonNull("value of " + name, value);
            });
        } catch (BodyParseException e) {
            ByteStringCheck.checkNonNull("error message", e.getMessage());
        }
        if (delivered[0] > parser.maxArguments()) {
            throw new AssertionError(delivered[0] + " arguments delivered, limit " + parser.maxArguments());
        }
    }
}
