package dev.bulwark.waf.internal.operators;

import static dev.bulwark.waf.internal.operators.OperatorTestSupport.bytes;
import static dev.bulwark.waf.internal.operators.OperatorTestSupport.loadError;
import static dev.bulwark.waf.internal.operators.OperatorTestSupport.matches;
import static dev.bulwark.waf.internal.operators.OperatorTestSupport.operator;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bulwark.waf.testsupport.SharedData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PmTest {

    /** TX:0 after a capturing evaluation, or null when it did not match. */
    private static String captured(Operator op, String value) {
        RecordingContext ctx = RecordingContext.capturing();
        boolean matched = op.matches(ctx, value);
        assertEquals(matched, ctx.tx(0) != null, "a match sets TX:0, a miss sets nothing");
        assertEquals(matched ? List.of(0) : List.of(), ctx.captureIndexes());
        return ctx.tx(0);
    }

    @Test
    void overlappingPhrasesWhenSeveralEndTogetherThenLongestIsCaptured() throws Exception {
        Operator pm = operator("pm", "he she his hers");
        assertEquals("she", captured(pm, "ushers"));
        assertEquals("his", captured(pm, "this"));
        assertEquals("he", captured(pm, "ahem"));
    }

    @Test
    void overlappingPhrasesWhenOneEndsEarlierThenItIsCaptured() throws Exception {
        // "bc" ends before "abcd" is complete; ModSecurity v2 would report the trie path "abc" here
        assertEquals("bc", captured(operator("pm", "abcd bc"), "xabcx"));
        assertEquals("bc", captured(operator("pm", "abcd bc"), "xabcd"));
        assertEquals("abc", captured(operator("pm", "abc bcd"), "abcd"));
    }

    @Test
    void caseWhenValueDiffersInAsciiCaseThenMatchesAndCapturesPhraseAsWritten() throws Exception {
        Operator pm = operator("pm", "SeLeCt");
        assertEquals("SeLeCt", captured(pm, "1 UNION select 2"));
        assertEquals("SeLeCt", captured(pm, "SELECT"));
        assertNull(captured(pm, "sel ect"));
    }

    @Test
    void caseWhenLatin1LettersThenComparedExactly() throws Exception {
        assertTrue(matches("pm", bytes(0xc9), bytes(0x41, 0xc9)));
        assertFalse(matches("pm", bytes(0xc9), bytes(0xe9)), "C tolower does not fold Latin-1");
        assertFalse(matches("pm", bytes(0xe9), bytes(0xc9)));
    }

    @Test
    void valueWhenEmptyThenNeverMatches() throws Exception {
        assertFalse(matches("pm", "a", ""));
    }

    @Test
    void argumentWhenHexAndEscapesThenDecoded() throws Exception {
        assertTrue(matches("pm", "|41 42|", "xaby"), "hex bytes, case-insensitive");
        assertTrue(matches("pm", "a|0d 0a|b", "xa\r\nb"));
        assertFalse(matches("pm", "a|0d 0a|b", "a b"), "hex spaces do not split the phrase");
        assertTrue(matches("pm", "a\\;b", "a;b"));
        assertTrue(matches("pm", "a\\\\b", "a\\b"));
        assertTrue(matches("pm", "C:\\windows", "c:\\windows\\system32"), "unknown escape: taken literally");
        assertTrue(matches("pm", "string|int|float", "of type string|int|float given"),
                "bars around non-hex text are literal");
        assertTrue(matches("pm", "\"foo bar\"", "xbar"), "wrapping quotes are dropped, then split");
    }

    @Test
    void argumentWhenNoPhraseThenLoadError() {
        assertEquals("@pm needs at least one phrase", loadError("pm", ""));
        assertEquals("@pm needs at least one phrase", loadError("pm", " \t "));
    }

    @Test
    void automatonWhenManyRandomPhrasesThenAgreesWithBruteForce() throws Exception {
        Random random = new Random(7);
        List<String> phrases = new ArrayList<>();
        // no one-byte phrases: they would make every value match at its first byte
        for (int i = 0; i < 150; i++) {
            phrases.add(randomText(random, 2 + random.nextInt(6)));
        }
        Operator pm = operator("pm", String.join(" ", phrases));
        for (int i = 0; i < 3000; i++) {
            String value = randomText(random, random.nextInt(40));
            assertEquals(bruteForce(phrases, value), captured(pm, value), value);
        }
    }

    /** Text over a small alphabet (so that phrases overlap a lot), with case changes and a high byte. */
    private static String randomText(Random random, int length) {
        String alphabet = "abcAB\u00e9";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    /** The phrase ending first (longest among those ending there), the first written spelling, or null. */
    private static String bruteForce(List<String> phrases, String value) {
        String lower = lowerAscii(value);
        for (int end = 1; end <= value.length(); end++) {
            String best = null;
            for (String p : phrases) {
                String lp = lowerAscii(p);
                if (lp.length() <= end && lower.startsWith(lp, end - lp.length())
                        && (best == null || lp.length() > best.length())) {
                    best = p;
                }
            }
            if (best != null) {
                for (String p : phrases) {
                    if (lowerAscii(p).equals(lowerAscii(best))) {
                        return p; // first spelling wins
                    }
                }
            }
        }
        return null;
    }

    private static String lowerAscii(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            b.append(ByteChars.toLowerAscii(s.charAt(i)));
        }
        return b.toString();
    }

    @Test
    void fromFileWhenCommentsBlankLinesAndCrlfThenOnePhrasePerLine(@TempDir Path dir) throws Exception {
        String content = "# a comment\r\n\r\n   \n  two words  \r\n"
                + "back\\\\slash\n  # indented comment\nlast-line-without-newline";
        Files.write(dir.resolve("phrases.data"), content.getBytes(StandardCharsets.ISO_8859_1));
        Operator pm = operator("pmFromFile", "phrases.data", dir);
        assertEquals("two words", captured(pm, "xx TWO WORDS xx"));
        assertNull(captured(pm, "two"), "a line is one phrase, spaces included");
        assertEquals("back\\slash", captured(pm, "back\\slash"));
        assertEquals("last-line-without-newline", captured(pm, "last-line-without-newline"));
        assertNull(captured(pm, "a comment"));
        assertNull(captured(pm, "indented comment"));
    }

    @Test
    void fromFileWhenBytesAboveAsciiThenReadAsBytes(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("utf8.data"), "169\u3002254\n".getBytes(StandardCharsets.UTF_8));
        Operator pm = operator("pmFromFile", "utf8.data", dir);
        // the request bytes of the same text, one char per byte
        String requestBytes = new String("http://169\u3002254/".getBytes(StandardCharsets.UTF_8),
                StandardCharsets.ISO_8859_1);
        assertTrue(pm.matches(RecordingContext.notCapturing(), requestBytes));
    }

    @Test
    void fromFileWhenSeveralFilesThenAllPhrasesAndAliasWorks(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.data"), "alpha\n");
        Files.writeString(dir.resolve("b.data"), "beta\n");
        Operator pm = operator("pmf", "a.data  " + dir.resolve("b.data"), dir);
        assertEquals("alpha", captured(pm, "ALPHA"));
        assertEquals("beta", captured(pm, "xbetax"));
    }

    @Test
    void fromFileWhenNoPhrasesThenNeverMatches(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("empty.data"), "# nothing yet\n\n");
        assertNull(captured(operator("pmFromFile", "empty.data", dir), "anything"));
    }

    @Test
    void fromFileWhenMissingThenLoadErrorNamesFile(@TempDir Path dir) {
        String message = loadError("pmFromFile", "missing.data", dir);
        assertTrue(message.contains(dir.resolve("missing.data").toString()), message);
        assertTrue(message.contains("no such file"), message);
    }

    @Test
    void fromFileWhenArgumentUnusableThenLoadError() {
        assertEquals("@pmFromFile needs a file name", loadError("pmFromFile", "  "));
        assertTrue(loadError("pmFromFile", "relative.data").contains("does not come from a file"));
        assertTrue(loadError("pmFromFile", "https://example.com/x.data").contains("remote data files"));
    }

    @Test
    void crsPhpErrorsWhenLinesHaveBarsAndEscapesThenTheyAreDecodedLiterally() throws Exception {
        Path file = SharedData.crsDir().resolve("rules").resolve("php-errors.data");
        assumeTrue(Files.isRegularFile(file), "CRS not found at " + file);
        List<String> phrases = new ArrayList<>();
        for (DataFiles.Line line : DataFiles.lines(file)) {
            phrases.add(PhraseSyntax.decodePhrase(line.text()));
        }
        assertTrue(phrases.contains("must be of type string|int|float|bool|null"), "bars kept");
        assertTrue(phrases.contains("Cannot add next element to object of type FFI\\CData"), "\\\\ read as \\");
        assertTrue(phrases.contains("Access violation (Segmentation fault) encountered\\ntrying to abort cleanly..."),
                "an unknown escape (\\n) leaves the line as written");
        Operator pm = operator("pmFromFile", "php-errors.data", file.getParent());
        assertTrue(pm.matches(RecordingContext.notCapturing(),
                "Fatal error: Cannot add next element to object of type FFI\\CData in x.php"));
    }
}
