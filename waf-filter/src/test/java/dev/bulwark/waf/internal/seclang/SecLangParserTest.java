package dev.bulwark.waf.internal.seclang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.waf.RuleLoadError;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecLangParserTest {

    private final List<RuleLoadError> errors = new ArrayList<>();
    private final SecLangParser parser = new SecLangParser(errors);

    @Test
    void splitWhenQuotedWithEscapesThenUnescapesQuoteAndBackslash() {
        assertEquals(List.of("SecRule", "ARGS", "@rx a\"b\\c", "id:1"),
                SecLangParser.split("SecRule ARGS \"@rx a\\\"b\\\\c\" id:1"));
    }

    @Test
    void splitWhenOtherBackslashThenKept() {
        assertEquals(List.of("@rx \\d+\\s"), SecLangParser.split("\"@rx \\d+\\s\""));
    }

    @Test
    void splitWhenSingleQuotedThenOneWord() {
        assertEquals(List.of("SecAction", "id:1, pass"), SecLangParser.split("SecAction 'id:1, pass'"));
    }

    @Test
    void splitWhenQuoteUnterminatedThenError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SecLangParser.split("SecRule ARGS \"@rx a"));
        assertTrue(e.getMessage().contains("unterminated"), e.getMessage());
    }

    @Test
    void splitWhenTextAfterClosingQuoteThenError() {
        assertThrows(IllegalArgumentException.class, () -> SecLangParser.split("SecRule \"a\"b"));
    }

    @Test
    void parseWhenContinuationThenJoinedAndKeepsFirstLine() {
        parser.parse("# comment\n\nSecRule ARGS \"@rx x\" \\\n    \"id:1,\\\n    deny\"\nSecMarker END\n", "t.conf",
                null);
        assertEquals(List.of(), errors);
        List<Directive> d = parser.directives();
        assertEquals(2, d.size());
        assertEquals(3, d.get(0).location().line());
        assertEquals("id:1,    deny", d.get(0).argument(2));
        assertEquals(6, d.get(1).location().line());
        assertEquals("t.conf", d.get(1).location().file());
    }

    @Test
    void parseWhenIndentedCommentThenSkipped() {
        parser.parse("   # SecRule nothing\nSecMarker A", "t.conf", null);
        assertEquals(1, parser.directives().size());
        assertEquals(2, parser.directives().get(0).location().line());
    }

    @Test
    void parseWhenBrokenQuoteThenErrorWithLine() {
        parser.parse("SecMarker A\nSecRule ARGS \"@rx x", "t.conf", null);
        assertEquals(1, errors.size());
        assertEquals("t.conf:2", errors.get(0).location().toString());
    }

    @Test
    void includeWhenGlobThenFilesInNameOrderWithOwnLines(@TempDir Path dir) throws Exception {
        Path sub = Files.createDirectory(dir.resolve("rules"));
        Files.writeString(sub.resolve("b.conf"), "\nSecMarker B\n");
        Files.writeString(sub.resolve("a.conf"), "SecMarker A\n");
        Files.writeString(sub.resolve("skip.txt"), "SecMarker X\n");
        Path main = dir.resolve("main.conf");
        Files.writeString(main, "SecMarker START\nInclude rules/*.conf\nSecMarker END\n");
        parser.parseFile(main, null);
        assertEquals(List.of(), errors);
        List<String> names = parser.directives().stream().map(d -> d.argument(0)).toList();
        assertEquals(List.of("START", "A", "B", "END"), names);
        Directive b = parser.directives().get(2);
        assertEquals(2, b.location().line());
        assertTrue(b.location().file().endsWith("b.conf"));
        assertEquals(sub, b.baseDirectory());
    }

    @Test
    void includeWhenMissingThenErrorAtIncludeLine(@TempDir Path dir) throws Exception {
        Path main = dir.resolve("main.conf");
        Files.writeString(main, "SecMarker A\nInclude nothing-here.conf\n");
        parser.parseFile(main, null);
        assertEquals(1, errors.size());
        assertEquals(2, errors.get(0).location().line());
        assertTrue(errors.get(0).message().contains("matched no file"));
    }

    @Test
    void includeWhenPathHasNulThenErrorNotException(@TempDir Path dir) {
        // Found by SecLangFuzzTest: Path.of threw InvalidPathException out of the parser.
        parser.parse("SecMarker A\nInclude /etc/a\0b.conf\nInclude rel\0ative.conf\n", "<text>", dir);
        assertEquals(2, errors.size(), errors.toString());
        assertEquals(2, errors.get(0).location().line());
        assertTrue(errors.get(0).message().contains("invalid path"), errors.get(0).message());
        assertEquals(3, errors.get(1).location().line());
        assertTrue(errors.get(1).message().contains("invalid path"), errors.get(1).message());
    }

    @Test
    void includeWhenGlobIsMalformedThenErrorNotException(@TempDir Path dir) {
        // An unclosed '[' made the glob matcher throw PatternSyntaxException out of the parser.
        parser.parse("Include [a.conf\nIncludeOptional x{a,[b}.conf\n", "<text>", dir);
        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.get(0).message().contains("invalid glob"), errors.get(0).message());
        assertEquals(2, errors.get(1).location().line());
        assertTrue(errors.get(1).message().contains("invalid glob"), errors.get(1).message());
    }

    @Test
    void includeWhenCycleThenError(@TempDir Path dir) throws Exception {
        Path main = dir.resolve("main.conf");
        Files.writeString(main, "Include main.conf\n");
        parser.parseFile(main, null);
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).message().contains("cycle"), errors.get(0).message());
    }

    @Test
    void parseFileWhenNonUtf8BytesThenOneCharPerByte(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("r.conf");
        Files.write(f, "SecMarker \u00e9".getBytes(StandardCharsets.UTF_8));
        parser.parseFile(f, null);
        assertEquals("\u00c3\u00a9", parser.directives().get(0).argument(0));
    }
}
