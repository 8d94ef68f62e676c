package dev.bulwark.waf.internal.body;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.google.re2j.Pattern;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the parsers over every request body of the CRS regression suite and checks that they expose what the CRS rules
 * read. For rules whose inputs come only from the multipart parser and whose transformations are trivial, the rule's
 * own operator (read from the CRS rule file) is applied to the parser's output and compared with the test's
 * {@code expect_ids} / {@code no_expect_ids} / log regexes; the remaining rules need the engine and are left to the
 * end-to-end suite.
 */
class CrsBodyCorpusTest {

    /** Multipart stages that ModSecurity v2 also rejects, with the REQBODY_ERROR_MSG both produce. */
    private static final Map<String, String> EXPECTED_MULTIPART_ERRORS = new LinkedHashMap<>();

    static {
        // No blank line after the part headers: the 64,200-byte line of 1s is a header line. (920400 reads
        // Content-Length and is not affected.)
        EXPECTED_MULTIPART_ERRORS.put("920400-1",
                "Multipart parsing error: Multipart: Part header line over 4096 bytes long");
        // Same shape, shorter line: a header line without a colon.
        EXPECTED_MULTIPART_ERRORS.put("920400-2", "Multipart parsing error: Multipart: Invalid part header "
                + "(colon missing): " + "1".repeat(64) + "....");
        // Not multipart/form-data: ModSecurity would not even select the MULTIPART processor for these.
        for (String id : List.of("920420-5", "920420-6", "920420-12", "920420-13", "920420-18")) {
            EXPECTED_MULTIPART_ERRORS.put(id, "Multipart: Invalid MIME type.");
        }
        // Bytes outside 33..126 in a part header name: the parse error 922130's log regex accepts.
        for (String id : List.of("922130-1", "922130-2", "922130-4", "922130-7")) {
            EXPECTED_MULTIPART_ERRORS.put(id,
                    "Multipart parsing error: Multipart: Invalid part header (contains invalid character).");
        }
        // "Content-!Disposition" is a valid header name, so the part has no Content-Disposition.
        EXPECTED_MULTIPART_ERRORS.put("922130-5",
                "Multipart parsing error: Multipart: Part missing Content-Disposition header.");
        // Parts without any header: "test" is read as a header line.
        EXPECTED_MULTIPART_ERRORS.put("922130-8",
                "Multipart parsing error: Multipart: Invalid part header (colon missing): test\\x0d\\x0a.");
        // The second part has an empty header section (the first file part stays in FILES).
        EXPECTED_MULTIPART_ERRORS.put("932180-3",
                "Multipart parsing error: Multipart: Part missing Content-Disposition header.");
    }

    /** XML stages that are not well-formed on purpose. */
    private static final Map<String, String> EXPECTED_XML_ERRORS = Map.of(
            "920240-4", "escaped quotes (\\\") around attribute values",
            "920420-10", "the body is the word 'test'");

    private static final String ALLOWED_CHARSETS = "|utf-8| |iso-8859-1| |iso-8859-15| |windows-1252|";

    private final MultipartParser multipart = new MultipartParser();

    private static List<CrsRegressionStages.Stage> multipartStages() throws Exception {
        return CrsRegressionStages.load().stream()
                .filter(s -> s.contentTypeLower().contains("multipart/"))
                .toList();
    }

    @Test
    void multipartWhenCrsBodiesThenOnlyTheKnownErrors() throws Exception {
        Map<String, String> errors = new LinkedHashMap<>();
        int parsed = 0;
        for (CrsRegressionStages.Stage stage : multipartStages()) {
            MultipartResult result = multipart.parse(stage.contentType(), stage.body());
            parsed++;
            if (result.hasError()) {
                errors.put(stage.id(), result.errorMessage());
            } else {
                // The suite's clean bodies use CRLF (go-ftw) and no other anomaly.
                assertEquals(java.util.Set.of(MultipartFlag.CRLF_LINE), result.flags(), stage.id());
                assertFalse(result.strictError(), stage.id());
                // 922110-19 is "empty multipart": only the final boundary, so no parts.
                assertEquals(stage.id().equals("922110-19"), result.parts().isEmpty(), stage.id());
            }
        }
        assertTrue(parsed >= 160, "only " + parsed + " multipart stages found");
        assertEquals(EXPECTED_MULTIPART_ERRORS, errors);
    }

    @TestFactory
    List<DynamicTest> multipartWhenCrsRuleReadsParserOutputThenRuleOutcomeMatchesTheTest() throws Exception {
        CrsRuleText rules = CrsRuleText.load();
        Map<Integer, Function<MultipartResult, Boolean>> oracles = new LinkedHashMap<>();
        oracles.put(920120, filesRule(rules, 920120, true, false));
        oracles.put(920121, filesRule(rules, 920121, true, false));
        oracles.put(933110, filesOnlyRule(rules, 933110));
        oracles.put(933111, filesOnlyRule(rules, 933111));
        oracles.put(944140, filesOnlyRule(rules, 944140));
        oracles.put(933220, filesRule(rules, 933220, false, true));
        oracles.put(920410, result -> result.combinedFileSize() > 65535); // CI: tx.combined_file_sizes=65535
        oracles.put(922100, result -> charsetRule(result));
        oracles.put(922110, contentTypeCharsetRule(rules));
        oracles.put(922120, headerLineRule(rules, 922120));

        List<DynamicTest> tests = new ArrayList<>();
        for (CrsRegressionStages.Stage stage : multipartStages()) {
            for (Map.Entry<Integer, Function<MultipartResult, Boolean>> oracle : oracles.entrySet()) {
                int rule = oracle.getKey();
                boolean expected = stage.expectIds().contains(rule);
                if (!expected && !stage.noExpectIds().contains(rule)) {
                    continue;
                }
                if (stage.hasHeader("X-Filename") || stage.hasHeader("X_Filename") || stage.hasHeader("X.Filename")
                        || stage.hasHeader("X-File-Name")) {
                    continue; // those rules also read these headers; not a parser-only question
                }
                tests.add(dynamicTest(stage.id() + " rule " + rule + (expected ? " fires" : " stays quiet"), () -> {
                    MultipartResult result = multipart.parse(stage.contentType(), stage.body());
                    assertEquals(expected, oracle.getValue().apply(result), stage.id() + " rule " + rule);
                }));
            }
            if (stage.file().startsWith("922130")) {
                Pattern ruleRegex = Pattern.compile(rules.chain(922130).get(0).argument(), Pattern.DOTALL);
                String logRegex = stage.matchRegex() != null ? stage.matchRegex() : stage.noMatchRegex();
                boolean expected = stage.matchRegex() != null || stage.expectIds().contains(922130);
                tests.add(dynamicTest(stage.id() + " rule 922130 or its parse error", () -> {
                    MultipartResult result = multipart.parse(stage.contentType(), stage.body());
                    boolean parseError = result.hasError() && result.errorMessage().contains(
                            "Invalid part header (contains invalid character)");
                    boolean ruleMatch = anyHeaderLine(result, line -> ruleRegex.matcher(lower(line)).find());
                    assertEquals(expected, parseError || ruleMatch, stage.id() + " rule 922130");
                    if (logRegex != null && parseError) {
                        assertTrue(java.util.regex.Pattern.compile(logRegex).matcher(result.errorMessage()).find());
                    }
                }));
            }
        }
        assertTrue(tests.size() >= 100, "only " + tests.size() + " rule checks");
        return tests;
    }

    /** A rule on FILES (and optionally FILES_NAMES) with t:urlDecodeUni and/or t:lowercase and an @rx operator. */
    private static Function<MultipartResult, Boolean> filesRule(CrsRuleText rules, int id, boolean urlDecode,
            boolean lowercase) {
        CrsRuleText.Link link = rules.chain(id).get(0);
        Pattern regex = Pattern.compile(link.argument(), Pattern.DOTALL);
        boolean names = link.variables().contains("FILES_NAMES");
        return result -> {
            for (MultipartPart part : result.parts()) {
                if (!part.isFile()) {
                    continue;
                }
                List<String> values = names ? List.of(part.filename(), part.name()) : List.of(part.filename());
                for (String value : values) {
                    String v = urlDecode ? plusOnlyUrlDecode(value) : value;
                    v = lowercase ? lower(v) : v;
                    if (regex.matcher(v).find() != link.negated()) {
                        return true;
                    }
                }
            }
            return false;
        };
    }

    /** 933110/933111/944140: FILES, t:lowercase,t:removeWhitespace, @rx. */
    private static Function<MultipartResult, Boolean> filesOnlyRule(CrsRuleText rules, int id) {
        CrsRuleText.Link link = rules.chain(id).get(0);
        Pattern regex = Pattern.compile(link.argument(), Pattern.DOTALL);
        return result -> result.parts().stream().filter(MultipartPart::isFile)
                .anyMatch(p -> regex.matcher(removeWhitespace(lower(p.filename()))).find());
    }

    /** 922100: a {@code _charset_} part exists and its value is not an allowed charset. */
    private static boolean charsetRule(MultipartResult result) {
        boolean present = result.parts().stream()
                .anyMatch(p -> MultipartSession.equalsIgnoreAsciiCase(p.name(), "_charset_")
                        && !p.headerLines().isEmpty());
        if (!present) {
            return false;
        }
        String value = result.charset().orElse("");
        return !ALLOWED_CHARSETS.contains(lower("|" + value + "|"));
    }

    /** 922110: each part Content-Type line, lower-cased, captured and checked against the charset allow-list regex. */
    private static Function<MultipartResult, Boolean> contentTypeCharsetRule(CrsRuleText rules) {
        List<CrsRuleText.Link> chain = rules.chain(922110);
        Pattern collect = Pattern.compile(rules.chain(922150).get(0).argument(), Pattern.DOTALL);
        CrsRuleText.Link check = chain.get(0);
        Pattern allowed = Pattern.compile(check.argument(), Pattern.DOTALL);
        return result -> anyHeaderLine(result, line -> {
            com.google.re2j.Matcher m = collect.matcher(lower(line));
            return m.find() && allowed.matcher(lower(m.group(1))).find() != check.negated();
        });
    }

    /** A rule on MULTIPART_PART_HEADERS with t:lowercase and an @rx operator. */
    private static Function<MultipartResult, Boolean> headerLineRule(CrsRuleText rules, int id) {
        Pattern regex = Pattern.compile(rules.chain(id).get(0).argument(), Pattern.DOTALL);
        return result -> anyHeaderLine(result, line -> regex.matcher(lower(line)).find());
    }

    private static boolean anyHeaderLine(MultipartResult result, java.util.function.Predicate<String> test) {
        return result.parts().stream().flatMap(p -> p.headerLines().stream()).anyMatch(test);
    }

    /** ASCII lower-casing (t:lowercase). */
    private static String lower(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            out.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return out.toString();
    }

    /** t:removeWhitespace as ModSecurity does it: C isspace() bytes and NBSP removed. */
    private static String removeWhitespace(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (!MultipartParser.isSpace(c) && c != 0xA0) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** t:urlDecodeUni for values without '%' (asserted): only '+' changes. */
    private static String plusOnlyUrlDecode(String s) {
        assertFalse(s.contains("%"), "this oracle does not decode %-escapes: " + s);
        return s.replace('+', ' ');
    }

    // ---- XML and JSON bodies ---------------------------------------------------------------------------------

    @Test
    void xmlWhenCrsBodiesThenAllParseExceptTheMalformedOnes() throws Exception {
        XmlBodyParser parser = new XmlBodyParser();
        XPathLite root = XPathLite.compile("/*");
        XPathLite attributes = XPathLite.compile("//@*");
        Map<String, String> errors = new LinkedHashMap<>();
        int parsed = 0;
        int textChecked = 0;
        for (CrsRegressionStages.Stage stage : CrsRegressionStages.load()) {
            if (!stage.contentTypeLower().contains("xml") || stage.body().length == 0) {
                continue; // ModSecurity runs no body processor without a body
            }
            parsed++;
            try {
                XmlDocument document = parser.parse(stage.body());
                List<String> text = document.select(root);
                assertEquals(1, text.size(), stage.id());
                document.select(attributes);
                String naive = naiveText(new String(stage.body(), StandardCharsets.UTF_8));
                if (naive != null) {
                    textChecked++;
                    assertEquals(ByteStrings.utf8(naive), text.get(0), stage.id());
                }
            } catch (BodyParseException e) {
                errors.put(stage.id(), e.getMessage());
            }
        }
        assertTrue(parsed >= 470, "only " + parsed + " XML stages found");
        assertTrue(textChecked >= 300, "only " + textChecked + " XML texts compared");
        assertEquals(EXPECTED_XML_ERRORS.keySet(), errors.keySet(), errors.toString());
    }

    /**
     * The root element's text by plain tag stripping, for documents simple enough for that to be right (no
     * references, CDATA, comments or carriage returns); null otherwise.
     */
    private static String naiveText(String xml) {
        if (xml.contains("&") || xml.contains("<![CDATA[") || xml.contains("<!--") || xml.contains("\r")
                || xml.contains("<!")) {
            return null;
        }
        String body = xml.replaceAll("<\\?[^>]*\\?>", "");
        int start = body.indexOf('<');
        int end = body.lastIndexOf('>');
        if (start < 0 || end < start) {
            return null;
        }
        return body.substring(start, end + 1).replaceAll("<[^>]*>", "");
    }

    @Test
    void jsonWhenCrsBodiesThenAllParseWithV2NamesExceptTheMalformedOne() throws Exception {
        JsonBodyParser parser = new JsonBodyParser();
        List<String> failures = new ArrayList<>();
        int parsed = 0;
        for (CrsRegressionStages.Stage stage : CrsRegressionStages.load()) {
            if (!stage.contentTypeLower().contains("json") || stage.body().length == 0) {
                continue; // ModSecurity runs no body processor without a body
            }
            parsed++;
            try {
                List<String> names = new ArrayList<>();
                parser.parse(stage.body(), (name, value) -> names.add(name));
                for (String name : names) {
                    assertFalse(name.startsWith("json."), stage.id() + " " + name);
                }
                if (stage.id().equals("999999-11")) {
                    assertEquals(List.of("profile"), names);
                }
            } catch (BodyParseException e) {
                failures.add(stage.id());
            }
        }
        assertTrue(parsed >= 340, "only " + parsed + " JSON stages found");
        assertEquals(List.of("920420-9"), failures); // its body is the word "test"
    }
}
