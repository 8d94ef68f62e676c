package dev.bulwark.waf.internal.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.bulwark.waf.internal.libinjection.SqliDetector;
import dev.bulwark.waf.testsupport.SharedData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.yaml.snakeyaml.Yaml;

/**
 * Runs the payloads of the CRS regression tests of the two libinjection rules through {@link SqliDetector}, without
 * the rest of the engine: 942100 (ARGS, ARGS_NAMES, XML, cookies, User-Agent, Referer) and 942101 (REQUEST_FILENAME,
 * REQUEST_BASENAME). A test whose {@code expect_ids} names the rule must be detected in at least one of those
 * values; one whose {@code no_expect_ids} names it must be detected in none.
 *
 * <p>Values are decoded the way they reach the operator: the form parser's URL decoding, then the rules'
 * {@code t:urlDecodeUni,t:removeNulls} (approximated here: %XX and '+' decoding, NUL removal; the test payloads are
 * ASCII, so {@code t:utf8toUnicode} changes nothing).
 */
class DetectSqliCrsRegressionTest {

    private static final String DIR = "tests/regression/tests/REQUEST-942-APPLICATION-ATTACK-SQLI/";

    @TestFactory
    List<DynamicTest> rule942100() throws IOException {
        return tests("942100", DetectSqliCrsRegressionTest::argumentValues, 15);
    }

    @TestFactory
    List<DynamicTest> rule942101() throws IOException {
        return tests("942101", DetectSqliCrsRegressionTest::pathValues, 11);
    }

    private interface Extractor {
        List<String> values(Map<String, Object> input) throws Exception;
    }

    @SuppressWarnings("unchecked")
    private static List<DynamicTest> tests(String ruleId, Extractor extractor, int expectedCount)
            throws IOException {
        Path file = SharedData.crsDir().resolve(DIR + ruleId + ".yaml");
        if (!Files.isRegularFile(file)) {
            String why = "CRS regression tests not found at " + file + " (set -Dcrs.dir or CRS_DIR)";
            if (SharedData.inCi()) {
                fail(why);
            }
            // A skipped test rather than an aborted factory, so that the reason shows in the report.
            return List.of(dynamicTest(ruleId + " skipped", () -> assumeTrue(false, why)));
        }
        Map<String, Object> root;
        try (InputStream in = Files.newInputStream(file)) {
            root = new Yaml().load(in);
        }
        List<DynamicTest> result = new ArrayList<>();
        for (Map<String, Object> test : (List<Map<String, Object>>) root.get("tests")) {
            int stageIndex = 0;
            for (Map<String, Object> stage : (List<Map<String, Object>>) test.get("stages")) {
                Map<String, Object> input = (Map<String, Object>) stage.get("input");
                Map<String, Object> log =
                        (Map<String, Object>) ((Map<String, Object>) stage.get("output")).get("log");
                boolean expected = mentions(log.get("expect_ids"), ruleId);
                boolean unexpected = mentions(log.get("no_expect_ids"), ruleId);
                if (!expected && !unexpected) {
                    continue;
                }
                String name = ruleId + "-" + test.get("test_id") + (stageIndex++ > 0 ? "/" + stageIndex : "")
                        + (expected ? " detected" : " not detected");
                result.add(dynamicTest(name, () -> {
                    List<String> values = extractor.values(input);
                    List<String> detections = new ArrayList<>();
                    for (String value : values) {
                        String fingerprint = SqliDetector.detect(value);
                        if (fingerprint != null) {
                            detections.add(fingerprint + " in [" + value + "]");
                        }
                    }
                    if (expected) {
                        assertTrue(!detections.isEmpty(), "no detection in " + values);
                    } else {
                        assertTrue(detections.isEmpty(), "unexpected " + detections);
                    }
                }));
            }
        }
        assertEquals(expectedCount, result.size(), "every test of " + ruleId + ".yaml is run");
        return result;
    }

    private static boolean mentions(Object ids, String ruleId) {
        if (!(ids instanceof List<?> list)) {
            return false;
        }
        return list.stream().anyMatch(id -> String.valueOf(id).equals(ruleId));
    }

    /** ARGS, ARGS_NAMES, XML:/* and XML://@*, REQUEST_COOKIES(_NAMES), User-Agent and Referer. */
    @SuppressWarnings("unchecked")
    private static List<String> argumentValues(Map<String, Object> input) throws Exception {
        List<String> values = new ArrayList<>();
        String uri = String.valueOf(input.getOrDefault("uri", "/"));
        int query = uri.indexOf('?');
        if (query >= 0) {
            addForm(uri.substring(query + 1), values);
        }
        Map<String, Object> headers = (Map<String, Object>) input.getOrDefault("headers", Map.of());
        String contentType = "";
        for (Map.Entry<String, Object> h : headers.entrySet()) {
            String name = h.getKey();
            String value = String.valueOf(h.getValue());
            if (name.equalsIgnoreCase("User-Agent") || name.equalsIgnoreCase("Referer")) {
                values.add(ruleTransformations(value));
            } else if (name.equalsIgnoreCase("Cookie")) {
                for (String cookie : value.split(";")) {
                    int eq = cookie.indexOf('=');
                    values.add(ruleTransformations(eq < 0 ? cookie.strip() : cookie.substring(0, eq).strip()));
                    if (eq >= 0) {
                        values.add(ruleTransformations(cookie.substring(eq + 1)));
                    }
                }
            } else if (name.equalsIgnoreCase("Content-Type")) {
                contentType = value;
            }
        }
        Object data = input.get("data");
        if (data != null) {
            String body = String.valueOf(data);
            if (contentType.contains("xml")) {
                addXml(body, values);
            } else {
                addForm(body, values);
            }
        }
        return values;
    }

    /** REQUEST_FILENAME (the path, decoded) and REQUEST_BASENAME (its last segment). */
    private static List<String> pathValues(Map<String, Object> input) {
        String uri = String.valueOf(input.getOrDefault("uri", "/"));
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        String filename = ruleTransformations(percentDecode(path, false));
        String basename = filename.substring(filename.lastIndexOf('/') + 1);
        return List.of(filename, basename);
    }

    private static void addForm(String form, List<String> values) {
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            values.add(ruleTransformations(percentDecode(name, true)));
            if (eq >= 0) {
                values.add(ruleTransformations(percentDecode(pair.substring(eq + 1), true)));
            }
        }
    }

    private static void addXml(String xml, List<String> values) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document document = factory.newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.ISO_8859_1)));
        collectXml(document.getDocumentElement(), values);
    }

    private static void collectXml(Node node, List<String> values) {
        if (node.getNodeType() == Node.TEXT_NODE || node.getNodeType() == Node.CDATA_SECTION_NODE) {
            if (!node.getNodeValue().isBlank()) {
                values.add(ruleTransformations(node.getNodeValue()));
            }
        }
        NamedNodeMap attributes = node.getAttributes();
        if (attributes != null) {
            for (int i = 0; i < attributes.getLength(); i++) {
                values.add(ruleTransformations(attributes.item(i).getNodeValue()));
            }
        }
        for (Node child = node.getFirstChild(); child != null; child = child.getNextSibling()) {
            collectXml(child, values);
        }
    }

    /** t:urlDecodeUni (%XX, '+'), then t:removeNulls. */
    private static String ruleTransformations(String value) {
        return percentDecode(value, true).replace("\0", "");
    }

    /** Byte-string URL decoding; malformed escapes are kept as they are. */
    private static String percentDecode(String s, boolean plusIsSpace) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+' && plusIsSpace) {
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
        return Character.digit(c, 16);
    }
}
