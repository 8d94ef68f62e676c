package dev.bulwark.waf.fuzz;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bulwark.waf.RuleLoadError;
import dev.bulwark.waf.RuleLoadException;
import dev.bulwark.waf.RuleSet;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * The SecLang parser and rule compiler on arbitrary text ({@link RuleSet#fromText}): it either returns a rule set or
 * throws {@link RuleLoadException} whose errors all name a line of the input (or of a file it includes) and say
 * something; any other exception, a hang or running out of memory is a bug.
 *
 * <p>Rules are trusted configuration, and an absolute {@code Include} or {@code @pmFromFile} path legitimately reads
 * that file; so Jazzer's file path traversal detector is not pointed at a target here (it would report those reads).
 */
// Per input. In regression mode JUnit applies it, in a separate thread so that even a busy loop is cut short; in
// fuzzing mode Jazzer hands it to libFuzzer as -timeout.
@Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SecLangFuzzTest {

    private static final String ORIGIN = "<inline rules>";

    /** Held so that the level set on it sticks (java.util.logging holds loggers weakly). */
    private static final Logger BULWARK_LOG = Logger.getLogger("dev.bulwark.waf");
    private static Level savedLevel;

    /** The compiler's notes on every fuzzed rule set would flood the output and slow fuzzing down. */
    @BeforeAll
    static void quietCompilerNotes() {
        savedLevel = BULWARK_LOG.getLevel();
        BULWARK_LOG.setLevel(Level.OFF);
    }

    @AfterAll
    static void restoreLogging() {
        BULWARK_LOG.setLevel(savedLevel);
    }

    @DictionaryFile(resourcePath = "seclang.dict")
    @FuzzTest(maxDuration = "10s")
    void compile(byte[] input) {
        String text = ByteStringCheck.of(input);
        try (SilentCloseable noTraversalTarget = BugDetectors.setFilePathTraversalTarget(() -> null)) {
            RuleSet rules = RuleSet.fromText(text);
            if (rules.size() < 0) {
                throw new AssertionError("negative rule count " + rules.size());
            }
        } catch (RuleLoadException e) {
            checkErrors(e, countLines(text));
        }
    }

    private static void checkErrors(RuleLoadException e, int lines) {
        if (e.errors().isEmpty()) {
            throw new AssertionError("RuleLoadException without errors", e);
        }
        for (RuleLoadError error : e.errors()) {
            // An absolute Include may bring in another file; its errors are located there.
            boolean inInput = error.location().file().equals(ORIGIN);
            if (error.location().line() < 1 || inInput && error.location().line() > lines) {
                throw new AssertionError("error not located in the " + lines + " input lines: " + error, e);
            }
            if (error.message().isEmpty()) {
                throw new AssertionError("empty error message at " + error.location(), e);
            }
        }
    }

    /** Physical lines, counted the way the parser splits them (CRLF or LF ends a line). */
    private static int countLines(String text) {
        int lines = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines++;
            }
        }
        return lines;
    }
}
