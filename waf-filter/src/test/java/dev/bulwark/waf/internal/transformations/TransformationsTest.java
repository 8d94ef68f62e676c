package dev.bulwark.waf.internal.transformations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The registry, and properties every transformation must have whatever its input. */
class TransformationsTest {

    /** Every transformation ModSecurity defines (v2, plus uppercase and phpArgsNames from v3), by SecLang name. */
    private static final List<String> MODSECURITY_NAMES = List.of("base64Decode", "base64DecodeExt", "base64Encode",
            "cmdLine", "compressWhitespace", "cssDecode", "escapeSeqDecode", "hexDecode", "hexEncode",
            "htmlEntityDecode", "jsDecode", "length", "lowercase", "uppercase", "md5", "sha1", "normalisePath",
            "normalizePath", "normalisePathWin", "normalizePathWin", "parityEven7bit", "parityOdd7bit",
            "parityZero7bit", "phpArgsNames", "removeComments", "removeCommentsChar", "removeNulls", "removeWhitespace",
            "replaceComments", "replaceNulls", "sqlHexDecode", "trim", "trimLeft", "trimRight", "urlDecode",
            "urlDecodeUni", "urlEncode", "utf8toUnicode", "none");

    /** Bytes that start or end escapes, comments, paths and UTF-8 sequences, so random inputs hit the edge cases. */
    private static final String INTERESTING = "%uUxX\\&#;/.*-<!>[]= +,^'\"\n\r\t\u000b\f0123456789abcdefABCDEFgzlqt"
            + "\u0000\u0080\u009c\u00a0\u00bf\u00c0\u00c3\u00e2\u00ed\u00f0\u00f5\u00ff";

    @Test
    void lookupWhenAnyModSecurityNameThenRegisteredUnderThatName() {
        for (String name : MODSECURITY_NAMES) {
            Transformation t = Transformations.lookup(name);
            assertNotNull(t, name);
            assertEquals(name, t.name(), "name() of t:" + name);
        }
        assertEquals(MODSECURITY_NAMES.size(), Transformations.names().size(),
                "registered: " + Transformations.names());
    }

    @Test
    void lookupWhenNameInAnyCaseThenFindsIt() {
        assertSame(Transformations.lookup("urlDecodeUni"), Transformations.lookup("URLDECODEUNI"));
        assertSame(Transformations.lookup("cmdLine"), Transformations.lookup("cmdline"));
        assertSame(Transformations.lookup("utf8toUnicode"), Transformations.lookup("Utf8ToUnicode"));
    }

    @Test
    void lookupWhenUnknownOrHarnessOnlyNameThenNull() {
        assertNull(Transformations.lookup("cmd_line"));
        assertNull(Transformations.lookup("urlDecodeUnicode"));
        assertNull(Transformations.lookup(""));
    }

    @Test
    void namesWhenListedThenLowerCase() {
        Set<String> names = Transformations.names();
        for (String name : names) {
            assertEquals(name.toLowerCase(Locale.ROOT), name);
        }
    }

    @Test
    void applyWhenEveryByteValueThenOutputIsAByteStringAndDeterministic() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 256; c++) {
            all.append(c);
        }
        String input = all.toString();
        for (String name : MODSECURITY_NAMES) {
            Transformation t = Transformations.lookup(name);
            String out = t.apply(input);
            TransformationVectors.assertByteString(out, name);
            assertEquals(out, t.apply(input), name + " is not deterministic");
        }
    }

    @Test
    void applyWhenRandomInputsThenByteStringsAndSameInstanceExactlyWhenUnchanged() {
        Random random = new Random(20240607L);
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            inputs.add(randomInput(random, random.nextInt(24)));
        }
        for (int i = 0; i < 200; i++) {
            inputs.add(randomBytes(random, random.nextInt(300)));
        }
        for (String name : MODSECURITY_NAMES) {
            Transformation t = Transformations.lookup(name);
            for (String input : inputs) {
                String out;
                try {
                    out = t.apply(input);
                } catch (RuntimeException e) {
                    throw new AssertionError(name + " threw on " + TransformationVectors.escaped(input), e);
                }
                assertNotNull(out, name);
                TransformationVectors.assertByteString(out, name + "(" + TransformationVectors.escaped(input) + ")");
                if (out != input && out.equals(input)) {
                    fail(name + " returned a new String with unchanged content for "
                            + TransformationVectors.escaped(input));
                }
            }
        }
    }

    private static String randomInput(Random random, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(INTERESTING.charAt(random.nextInt(INTERESTING.length())));
        }
        return b.toString();
    }

    private static String randomBytes(Random random, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append((char) random.nextInt(256));
        }
        return b.toString();
    }
}
