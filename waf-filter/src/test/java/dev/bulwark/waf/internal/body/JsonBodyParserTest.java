package dev.bulwark.waf.internal.body;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonBodyParserTest {

    private final JsonBodyParser parser = new JsonBodyParser();

    /** Parses and returns "name=value" per argument, in order. */
    private static List<String> args(JsonBodyParser parser, String body) throws BodyParseException {
        List<String> out = new ArrayList<>();
        parser.parse(body, (name, value) -> out.add(name + "=" + value));
        return out;
    }

    private List<String> args(String body) throws BodyParseException {
        return args(parser, body);
    }

    private BodyParseException error(String body) {
        return assertThrows(BodyParseException.class, () -> args(body));
    }

    // ---- naming ----------------------------------------------------------------------------------------------

    @Test
    void parseWhenTopLevelObjectThenKeysAreNamesWithoutPrefix() throws Exception {
        assertEquals(List.of("a=1", "b=x"), args("{\"a\":1,\"b\":\"x\"}"));
    }

    @Test
    void parseWhenCrsTest999999x11ThenNameIsPlainKey() throws Exception {
        // CRS 999999-11: ModSecurity v2 names it "profile", not "json.profile", so 930120 does not fire.
        assertEquals(List.of("profile=test"), args("{\"profile\":\"test\"}"));
    }

    @Test
    void parseWhenNestedObjectsThenNamesAreDotted() throws Exception {
        assertEquals(List.of("a.b.c=x", "a.d=1", "e=2"), args("{\"a\":{\"b\":{\"c\":\"x\"},\"d\":1},\"e\":2}"));
    }

    @Test
    void parseWhenArrayInObjectThenElementsRepeatTheKey() throws Exception {
        assertEquals(List.of("a.a=1", "a.a=2", "b=3"), args("{\"a\":[1,2],\"b\":3}"));
    }

    @Test
    void parseWhenArrayInNestedObjectThenElementsRepeatTheLastKey() throws Exception {
        assertEquals(List.of("x.a.a=1", "x.b=2"), args("{\"x\":{\"a\":[1],\"b\":2}}"));
    }

    @Test
    void parseWhenNestedArraysThenKeyRepeatsPerLevel() throws Exception {
        assertEquals(List.of("a.a.a=1", "a.a.a=2", "a.a.a=3", "a.a=4"), args("{\"a\":[[1],[2,3],4]}"));
    }

    @Test
    void parseWhenObjectsInArrayThenMembersHangOffTheElementName() throws Exception {
        assertEquals(List.of("a.a.b=1", "a.a.c=2", "a.a=3"), args("{\"a\":[{\"b\":1},{\"c\":2},3]}"));
    }

    @Test
    void parseWhenArrayInsideObjectInsideArrayThenNamesFollowModSecurity() throws Exception {
        assertEquals(List.of("array.array.a.a=1", "array.array=5"), args("[{\"a\":[1]},5]"));
    }

    @Test
    void parseWhenTopLevelArrayThenNamedArrayArray() throws Exception {
        assertEquals(List.of("array.array=1", "array.array=x"), args("[1,\"x\"]"));
        assertEquals(List.of("array.array.a=1"), args("[{\"a\":1}]"));
        assertEquals(List.of("array.array.array=1"), args("[[1]]"));
    }

    @Test
    void parseWhenTopLevelScalarThenEmptyName() throws Exception {
        assertEquals(List.of("=x"), args("\"x\""));
        assertEquals(List.of("=42"), args(" 42 "));
        assertEquals(List.of("=true"), args("true"));
    }

    @Test
    void parseWhenEmptyContainersThenNoArguments() throws Exception {
        assertEquals(List.of("c=1"), args("{\"a\":{},\"b\":[],\"c\":1}"));
        assertEquals(List.of(), args("{}"));
        assertEquals(List.of(), args("[]"));
    }

    @Test
    void parseWhenKeyContainsDotThenNameIsStructural() throws Exception {
        // ModSecurity would name "d" as "a.d" here (it re-splits the prefix at the last dot); Bulwark keeps "d".
        assertEquals(List.of("a.b.c=1", "d=2"), args("{\"a.b\":{\"c\":1},\"d\":2}"));
        assertEquals(List.of("ProcessBuilder.evil.clonetransformer=test"),
                args("{\"ProcessBuilder.evil.clonetransformer\": \"test\"}"));
    }

    @Test
    void parseWhenEmptyKeysThenNamesKeepTheDots() throws Exception {
        assertEquals(List.of("=1", ".b=2", ".=3"), args("{\"\":1,\"\":{\"b\":2},\"\":[3]}"));
    }

    @Test
    void parseWhenDuplicateKeysThenEachIsAnArgument() throws Exception {
        assertEquals(List.of("a=1", "a=2"), args("{\"a\":1,\"a\":2}"));
    }

    // ---- values ----------------------------------------------------------------------------------------------

    @Test
    void parseWhenLiteralsThenRenderedAsModSecurityDoes() throws Exception {
        assertEquals(List.of("t=true", "f=false", "n="), args("{\"t\":true,\"f\":false,\"n\":null}"));
    }

    @Test
    void parseWhenNumbersThenKeptAsWritten() throws Exception {
        String huge = "123456789012345678901234567890123456789012345678901234567890";
        assertEquals(List.of("a=-0.5e+10", "b=" + huge, "c=1E400", "d=0", "e=-0", "f=10.25E-3"),
                args("{\"a\":-0.5e+10,\"b\":" + huge + ",\"c\":1E400,\"d\":0,\"e\":-0,\"f\":10.25E-3}"));
    }

    @Test
    void parseWhenHugeNumberThenNotTruncated() throws Exception {
        String digits = "9".repeat(200_000);
        List<String> out = args("[" + digits + "]");
        assertEquals(List.of("array.array=" + digits), out);
    }

    @Test
    void parseWhenSimpleEscapesThenUnescaped() throws Exception {
        assertEquals(List.of("a=\"\\/\b\f\n\r\t"), args("{\"a\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"}"));
    }

    @Test
    void parseWhenUnicodeEscapeThenUtf8BytesOneCharEach() throws Exception {
        assertEquals(List.of("a=\u00c3\u00a9"), args("{\"a\":\"\\u00e9\"}")); // é = C3 A9
        assertEquals(List.of("a=\u00e2\u0082\u00ac"), args("{\"a\":\"\\u20AC\"}")); // € = E2 82 AC
        assertEquals(List.of("a=<"), args("{\"a\":\"\\u003c\"}"));
        assertEquals(List.of("a=\u0000"), args("{\"a\":\"\\u0000\"}"));
    }

    @Test
    void parseWhenSurrogatePairThenOneFourByteSequence() throws Exception {
        assertEquals(List.of("a=\u00f0\u009f\u0098\u0080"), args("{\"a\":\"\\ud83d\\ude00\"}")); // U+1F600
    }

    @Test
    void parseWhenUnpairedSurrogateThenQuestionMark() throws Exception {
        assertEquals(List.of("a=?x"), args("{\"a\":\"\\ud83dx\"}"));
        assertEquals(List.of("a=?"), args("{\"a\":\"\\ude00\"}"));
        assertEquals(List.of("a=?A"), args("{\"a\":\"\\ud83d\\u0041\"}"));
    }

    @Test
    void parseWhenRawUtf8BytesThenPassedThroughAsBytes() throws Exception {
        byte[] body = "{\"k\u00e9\":\"\u20ac\"}".getBytes(StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        parser.parse(body, (name, value) -> out.add(name + "=" + value));
        assertEquals(List.of("k\u00c3\u00a9=\u00e2\u0082\u00ac"), out);
    }

    @Test
    void parseWhenEscapedKeyThenUnescapedName() throws Exception {
        assertEquals(List.of("ab=1"), args("{\"a\\u0062\":1}"));
    }

    @Test
    void parseWhenAllWhitespaceKindsThenAccepted() throws Exception {
        assertEquals(List.of("a=1"), args(" \t\r\n\u000b\u000c{ \"a\" \n:\t1 }\r\n"));
    }

    @Test
    void parseWhenOffsetAndLengthThenOnlyThatSliceIsRead() throws Exception {
        byte[] body = "xx{\"a\":1}yy".getBytes(StandardCharsets.ISO_8859_1);
        List<String> out = new ArrayList<>();
        parser.parse(body, 2, 7, (name, value) -> out.add(name + "=" + value));
        assertEquals(List.of("a=1"), out);
    }

    // ---- malformed input -------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
        "", "   ", "{", "[", "{\"a\"", "{\"a\":", "{\"a\":1", "[1", "[1,", "\"abc",
        "{\"a\":1,}", "[1,]", "[,1]", "{,}", "{\"a\" 1}", "{a:1}", "{'a':1}", "{\"a\":'x'}", "{1:2}",
        "{\"a\":1} x", "{\"a\":1}{\"b\":2}", "1 2", "[1]]", "{\"a\":1}}", "]", "}", ":", ",",
        "\"\\x\"", "\"\\u12G4\"", "\"\\u12\"", "\"\\", "\"a\tb\"", "\"a\nb\"",
        "01", "-", "1.", "1e", "1e+", "+1", ".5", "NaN", "Infinity", "-Infinity", "0x10", "1.e5",
        "tru", "nul", "True", "FALSE", "nulll", "[true false]",
        "\u00ef\u00bb\u00bf{}", "/* c */ {}", "{\"a\":1 // c\n}"
    })
    void parseWhenMalformedThenBodyParseException(String body) {
        BodyParseException e = error(body);
        assertTrue(e.getMessage().startsWith("JSON parsing error: "), e.getMessage());
        assertTrue(e.offset() >= 0 && e.offset() <= body.length(), "offset " + e.offset());
    }

    @Test
    void parseWhenErrorThenMessageNamesPosition() {
        BodyParseException e = error("{\"a\":1,\"b\" 2}");
        assertEquals(11, e.offset());
        assertEquals("JSON parsing error: unexpected '2', expected ':' at offset 11", e.getMessage());
    }

    @Test
    void parseWhenInvalidUtf8InStringThenError() {
        for (String body : new String[] {"\"\u00ff\"", "\"\u0080\"", "\"\u00c3\"", "\"\u00c3x\"", "\"\u00e2\u0082\"",
                "\"\u00f8\u0080\u0080\u0080\u0080\""}) {
            BodyParseException e = error(body);
            assertTrue(e.getMessage().contains("UTF-8") || e.getMessage().contains("end of input"), e.getMessage());
        }
    }

    @Test
    void parseWhenUtf8StructureValidThenAcceptedEvenIfOverlong() throws Exception {
        // yajl checks only the lead/continuation structure.
        assertEquals(List.of("=\u00c0\u00af"), args("\"\u00c0\u00af\""));
    }

    @Test
    void parseWhenErrorMessageThenNoRawBytes() {
        BodyParseException e = error("{\"a\":\u0001}");
        for (char c : e.getMessage().toCharArray()) {
            assertTrue(c >= 0x20 && c < 0x7F, "raw char in message: " + e.getMessage());
        }
        assertTrue(e.getMessage().contains("0x01"), e.getMessage());
    }

    @Test
    void parseWhenErrorAfterSomeArgumentsThenThoseWereDelivered() {
        List<String> out = new ArrayList<>();
        assertThrows(BodyParseException.class,
                () -> parser.parse("{\"a\":1,\"b\":2,\"c\":}", (n, v) -> out.add(n + "=" + v)));
        assertEquals(List.of("a=1", "b=2"), out);
    }

    // ---- limits ----------------------------------------------------------------------------------------------

    @Test
    void parseWhenDepthAtLimitThenAccepted() throws Exception {
        JsonBodyParser two = new JsonBodyParser(2, 1000);
        // A top-level object does not count (as in ModSecurity); every other container does.
        assertEquals(List.of("a.b.c=1"), args(two, "{\"a\":{\"b\":{\"c\":1}}}"));
        assertEquals(List.of("array.array.array=1"), args(two, "[[1]]"));
        assertEquals(List.of("a=1"), args(new JsonBodyParser(0, 10), "{\"a\":1}"));
    }

    @Test
    void parseWhenDepthBeyondLimitThenErrorNamingTheLimit() {
        JsonBodyParser two = new JsonBodyParser(2, 1000);
        for (String body : new String[] {"{\"a\":{\"b\":{\"c\":{\"d\":1}}}}", "[[[1]]]", "[{\"a\":[1]}]"}) {
            BodyParseException e = assertThrows(BodyParseException.class, () -> args(two, body));
            assertTrue(e.getMessage().contains("JSON depth limit exceeded (limit 2)"), e.getMessage());
        }
        assertThrows(BodyParseException.class, () -> args(new JsonBodyParser(0, 10), "[1]"));
    }

    @Test
    void parseWhenVeryDeepInputThenParseExceptionNotStackOverflow() {
        String deep = "[".repeat(1_000_000);
        BodyParseException e = error(deep);
        assertTrue(e.getMessage().contains("limit 512"), e.getMessage());
        String deepObjects = "{\"a\":".repeat(200_000) + "1" + "}".repeat(200_000);
        assertThrows(BodyParseException.class, () -> args(deepObjects));
    }

    @Test
    void parseWhenVeryDeepInputAndNoDepthLimitThenIterativeParserCopes() throws Exception {
        int levels = 300_000;
        JsonBodyParser unlimited = new JsonBodyParser(Integer.MAX_VALUE, 10);
        List<String> out = args(unlimited, "[".repeat(levels) + "7" + "]".repeat(levels));
        assertEquals(1, out.size());
        // "array" + levels times ".array" + "=7"
        assertEquals(5 + 6 * levels + 2, out.get(0).length());
        assertTrue(out.get(0).endsWith("array.array=7"));
    }

    @Test
    void parseWhenHundredThousandElementsThenAllReported() throws Exception {
        StringBuilder body = new StringBuilder("{\"ids\":[");
        for (int i = 0; i < 100_000; i++) {
            body.append(i == 0 ? "" : ",").append(i);
        }
        body.append("]}");
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        new JsonBodyParser(512, 200_000).parse(body.toString(), (n, v) -> {
            names.add(n);
            values.add(v);
        });
        assertEquals(100_000, names.size());
        assertTrue(names.stream().allMatch("ids.ids"::equals));
        assertEquals("99999", values.get(99_999));
    }

    @Test
    void parseWhenArgumentLimitExceededThenErrorAfterExactlyTheLimit() {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 1500; i++) {
            body.append(i == 0 ? "" : ",").append(i);
        }
        body.append("]");
        List<String> out = new ArrayList<>();
        BodyParseException e = assertThrows(BodyParseException.class,
                () -> parser.parse(body.toString(), (n, v) -> out.add(v)));
        assertTrue(e.getMessage().contains("JSON argument limit exceeded (limit 1000)"), e.getMessage());
        assertEquals(1000, out.size());
    }

    @Test
    void constructorWhenNegativeLimitThenRejected() {
        assertThrows(IllegalArgumentException.class, () -> new JsonBodyParser(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> new JsonBodyParser(1, -1));
    }

    // ---- robustness ------------------------------------------------------------------------------------------

    @Test
    void parseWhenRandomAndGarbledInputThenOnlyBodyParseException() {
        Random random = new Random(20240611L);
        String[] seeds = {
            "{\"a\":[1,2,{\"b\":\"x\\u00e9\\n\"}],\"c\":{\"d\":null,\"e\":true,\"f\":-1.5e3}}",
            "[[],{},\"\\ud83d\\ude00\",0,[{\"k\":[false]}]]",
            "\"str\\\"ing\"",
        };
        JsonBodyParser small = new JsonBodyParser(8, 50);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int round = 0; round < 20_000; round++) {
                byte[] input = round % 4 == 0 ? randomBytes(random) : mutate(random, seeds[round % seeds.length]);
                try {
                    small.parse(input, (n, v) -> {
                        if (n == null || v == null) {
                            fail("null name or value");
                        }
                    });
                } catch (BodyParseException expected) {
                    // fine: malformed or over a limit
                } catch (RuntimeException | Error e) {
                    throw new AssertionError("unexpected " + e + " for input "
                            + ByteStrings.escape(input, 0, input.length), e);
                }
            }
        });
    }

    static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(64)];
        String alphabet = "{}[]\":,\\u0123456789abcdefnrtlse-+.E \t\n";
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = random.nextInt(3) == 0 ? (byte) random.nextInt(256)
                    : (byte) alphabet.charAt(random.nextInt(alphabet.length()));
        }
        return bytes;
    }

    static byte[] mutate(Random random, String seed) {
        byte[] bytes = seed.getBytes(StandardCharsets.ISO_8859_1);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && bytes.length > 0; e++) {
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(3)) {
                case 0 -> bytes[at] = (byte) random.nextInt(256);
                case 1 -> bytes = java.util.Arrays.copyOf(bytes, at); // truncate
                default -> {
                    byte[] longer = new byte[bytes.length + 1];
                    System.arraycopy(bytes, 0, longer, 0, at);
                    longer[at] = (byte) "{}[]\",:\\".charAt(random.nextInt(8));
                    System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
                    bytes = longer;
                }
            }
        }
        return bytes;
    }
}
