package dev.bulwark.waf.internal.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bulwark.waf.testsupport.SharedData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.Yaml;

/**
 * Runs the CRS regression tests of the two libinjection XSS rules (941100, 941101) through {@code @detectXSS} alone:
 * each test's request is taken apart the way the engine will (query and form arguments URL-decoded by the argument
 * parser, headers as sent, XML bodies parsed), the variables the rule inspects are collected, and each value goes
 * through URL decoding, the one transformation of the rule's chain this test applies (the others,
 * {@code utf8toUnicode, htmlEntityDecode, jsDecode, cssDecode, removeNulls}, are written elsewhere). A test that
 * expects the rule must see at least one value detected; a test that excludes it must see none.
 */
class DetectXssCrsRegressionTest {

    private static final String RULE_FILE = "rules/REQUEST-941-APPLICATION-ATTACK-XSS.conf";
    private static final String TEST_DIR = "tests/regression/tests/REQUEST-941-APPLICATION-ATTACK-XSS";

    /** A rule under test: the targets as written in the rule file, and how to collect their values. */
    private record RuleUnderTest(int id, String targets, Function<Request, List<String>> values) {}

    private static final List<RuleUnderTest> RULES = List.of(
            new RuleUnderTest(941100,
                    "REQUEST_COOKIES|REQUEST_COOKIES_NAMES|REQUEST_HEADERS:User-Agent|ARGS_NAMES|ARGS|XML:/*|XML://@*",
                    r -> concat(r.cookieValues(), r.cookieNames(), r.header("User-Agent"), r.argNames(),
                            r.argValues(), r.xmlRootText(), r.xmlAttributeValues())),
            new RuleUnderTest(941101, "REQUEST_FILENAME|REQUEST_HEADERS:Referer",
                    r -> concat(List.of(r.filename()), r.header("Referer"))));

    /**
     * Tests that would need a transformation this test does not apply, by "rule-test id", with the reason. Every
     * current 941100/941101 test passes with URL decoding alone, so it is empty; an entry here makes a test skip.
     */
    private static final Map<String, String> NEEDS_OTHER_TRANSFORMATIONS = Map.of();

    @TestFactory
    Stream<DynamicTest> crsRegressionTests() throws Exception {
        Path crs = SharedData.crsDir();
        Path testDir = crs.resolve(TEST_DIR);
        if (!Files.isDirectory(testDir)) {
            String why = "CRS regression tests not found at " + testDir + " (set -Dcrs.dir or CRS_DIR)";
            if (SharedData.inCi()) {
                fail(why);
            }
            // A dynamic test that aborts, so the runner reports the skip and its reason (an aborted factory is silent).
            return Stream.of(DynamicTest.dynamicTest("CRS regression tests absent", () -> assumeTrue(false, why)));
        }
        String ruleFile = Files.readString(crs.resolve(RULE_FILE), StandardCharsets.ISO_8859_1);
        Operator op = DetectXssTest.detectXss();
        List<DynamicTest> tests = new ArrayList<>();
        for (RuleUnderTest rule : RULES) {
            // Guards the hand-written target list against a CRS upgrade.
            assertTrue(ruleFile.contains("SecRule " + rule.targets() + " \"@detectXSS\""),
                    rule.id() + " no longer inspects exactly " + rule.targets());
            Path file = testDir.resolve(rule.id() + ".yaml");
            List<DynamicTest> ofRule = testsOf(rule, file, op);
            assertTrue(!ofRule.isEmpty(), "no test found in " + file);
            tests.addAll(ofRule);
        }
        return tests.stream();
    }

    private static List<DynamicTest> testsOf(RuleUnderTest rule, Path file, Operator op) throws IOException {
        Map<String, Object> root;
        try (InputStream in = Files.newInputStream(file)) {
            root = new Yaml().load(in);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Object t : list(root.get("tests"))) {
            Map<?, ?> test = (Map<?, ?>) t;
            String name = rule.id() + "-" + test.get("test_id");
            for (Object s : list(test.get("stages"))) {
                Map<?, ?> stage = (Map<?, ?>) s;
                Map<?, ?> stageBody = stage.containsKey("stage") ? (Map<?, ?>) stage.get("stage") : stage;
                Map<?, ?> input = (Map<?, ?>) stageBody.get("input");
                Map<?, ?> output = (Map<?, ?>) stageBody.get("output");
                Boolean expected = expectation(rule.id(), output);
                if (expected == null) {
                    continue; // this stage says nothing about the rule
                }
                String label = name + (expected ? " expects " : " excludes ") + rule.id();
                tests.add(DynamicTest.dynamicTest(label, () -> {
                    String reason = NEEDS_OTHER_TRANSFORMATIONS.get(name);
                    assumeTrue(reason == null, () -> "skipped: " + reason);
                    List<String> detected = new ArrayList<>();
                    for (String value : rule.values().apply(Request.of(input))) {
                        if (op.matches(new DetectXssTest.RecordingContext(false), urlDecode(value))) {
                            detected.add(value);
                        }
                    }
                    assertEquals(expected, !detected.isEmpty(), () -> "detected: " + detected);
                }));
            }
        }
        return tests;
    }

    /** TRUE when the stage expects the rule, FALSE when it excludes it, null otherwise. */
    private static Boolean expectation(int id, Map<?, ?> output) {
        Map<?, ?> log = output.containsKey("log") ? (Map<?, ?>) output.get("log") : output;
        if (list(log.get("expect_ids")).contains(id)) {
            return Boolean.TRUE;
        }
        if (list(log.get("no_expect_ids")).contains(id)) {
            return Boolean.FALSE;
        }
        return null;
    }

    private static List<?> list(Object o) {
        return o == null ? List.of() : (List<?>) o;
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> p : parts) {
            all.addAll(p);
        }
        return all;
    }

    /** URL decoding as {@code t:urlDecodeUni} does it for {@code %XX} and {@code +}; other bytes kept. */
    static String urlDecode(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                b.append(' ');
            } else if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                b.append((char) (hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2))));
                i += 2;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static int hex(char c) {
        return c < 0x80 ? Character.digit(c, 16) : -1;
    }

    /** The parts of a test request the two rules look at, all as byte strings. */
    private record Request(String uri, Map<String, String> headers, String body) {

        static Request of(Map<?, ?> input) {
            Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            Object h = input.get("headers");
            if (h instanceof Map<?, ?> m) {
                m.forEach((k, v) -> headers.put(String.valueOf(k), bytes(String.valueOf(v))));
            }
            Object data = input.get("data");
            return new Request(bytes(input.get("uri") == null ? "/" : String.valueOf(input.get("uri"))), headers,
                    data == null ? "" : bytes(String.valueOf(data)));
        }

        private static String bytes(String unicode) {
            return new String(unicode.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        }

        List<String> header(String name) {
            String v = headers.get(name);
            return v == null ? List.of() : List.of(v);
        }

        /** The path, percent-decoded as the server does ({@code +} stays). */
        String filename() {
            int q = uri.indexOf('?');
            String path = q < 0 ? uri : uri.substring(0, q);
            return urlDecode(path.replace("+", "%2B"));
        }

        private List<String[]> args() {
            List<String[]> args = new ArrayList<>();
            int q = uri.indexOf('?');
            if (q >= 0) {
                parseForm(uri.substring(q + 1), args);
            }
            String type = headers.getOrDefault("Content-Type", "application/x-www-form-urlencoded");
            if (type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
                parseForm(body, args);
            }
            return args;
        }

        private static void parseForm(String s, List<String[]> into) {
            for (String pair : s.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                into.add(new String[] {urlDecode(name), urlDecode(value)});
            }
        }

        List<String> argNames() {
            return args().stream().map(a -> a[0]).toList();
        }

        List<String> argValues() {
            return args().stream().map(a -> a[1]).toList();
        }

        private List<String[]> cookies() {
            List<String[]> cookies = new ArrayList<>();
            String header = headers.get("Cookie");
            if (header != null) {
                for (String c : header.split(";")) {
                    String t = c.strip();
                    int eq = t.indexOf('=');
                    cookies.add(eq < 0 ? new String[] {t, ""} : new String[] {t.substring(0, eq), t.substring(eq + 1)});
                }
            }
            return cookies;
        }

        List<String> cookieNames() {
            return cookies().stream().map(c -> c[0]).toList();
        }

        List<String> cookieValues() {
            return cookies().stream().map(c -> c[1]).toList();
        }

        private Document xml() {
            String type = headers.getOrDefault("Content-Type", "");
            if (!type.toLowerCase(Locale.ROOT).contains("xml")) {
                return null;
            }
            try {
                DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
                f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
                f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
                DocumentBuilder builder = f.newDocumentBuilder();
                builder.setErrorHandler(null);
                return builder.parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.ISO_8859_1)));
            } catch (Exception e) {
                return null; // an unparsable body yields no XML variables
            }
        }

        /** {@code XML:/*}: the text content of the root element. */
        List<String> xmlRootText() {
            Document doc = xml();
            return doc == null ? List.of() : List.of(bytes(doc.getDocumentElement().getTextContent()));
        }

        /** {@code XML://@*}: every attribute value. */
        List<String> xmlAttributeValues() {
            Document doc = xml();
            List<String> values = new ArrayList<>();
            if (doc != null) {
                NodeList all = doc.getElementsByTagName("*");
                for (int i = 0; i < all.getLength(); i++) {
                    NamedNodeMap attrs = ((Element) all.item(i)).getAttributes();
                    for (int j = 0; j < attrs.getLength(); j++) {
                        values.add(bytes(attrs.item(j).getNodeValue()));
                    }
                }
            }
            return values;
        }
    }
}
