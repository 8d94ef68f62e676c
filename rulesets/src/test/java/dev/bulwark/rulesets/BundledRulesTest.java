package dev.bulwark.rulesets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.waf.EngineMode;
import dev.bulwark.waf.RuleMatch;
import dev.bulwark.waf.RuleSet;
import dev.bulwark.waf.Transaction;
import dev.bulwark.waf.Verdict;
import dev.bulwark.waf.WafConfig;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The bundled rules, loaded exactly as a user loads them ({@code classpath:bulwark/bulwark.conf}), against attacks and
 * look-alike benign values in every field they inspect. Requests go through {@link Transaction} directly.
 */
class BundledRulesTest {

    private static RuleSet rules;

    @BeforeAll
    static void load() throws Exception {
        rules = RuleSet.compile(WafConfig.builder().rules("classpath:bulwark/bulwark.conf").build());
    }

    /** Where a value is put in the request. */
    enum Field { QUERY, RAW_QUERY, QUERY_NAME, FORM, COOKIE, USER_AGENT, REFERER, JSON }

    private static final List<Object[]> ATTACKS = List.of(
            // SQL injection
            new Object[] {101000, "' or 1=1"},
            new Object[] {101000, "admin' OR 'a'='a"},
            new Object[] {101000, "x\" and 2>1"},
            new Object[] {101000, "'or'1'='1"},
            new Object[] {101001, "1 or 1=1"},
            new Object[] {101001, "10) AND (5=5"},
            new Object[] {101002, "1 union select password from users"},
            new Object[] {101002, "1 UNION ALL SELECT null,null"},
            new Object[] {101002, "0 union/**/select 1"},
            new Object[] {101003, "1; drop table users"},
            new Object[] {101003, "x';DELETE FROM accounts"},
            new Object[] {101003, "1; update users set admin=1"},
            new Object[] {101004, "admin'--"},
            new Object[] {101004, "admin' #"},
            new Object[] {101004, "') /* rest"},
            // XSS
            new Object[] {102000, "<script>alert(1)</script>"},
            new Object[] {102000, "&lt;script&gt;alert(1)"},
            new Object[] {102000, "< SCRIPT src=//evil.example/x.js>"},
            new Object[] {102001, "javascript:alert(document.cookie)"},
            new Object[] {102001, "JaVa\tScRiPt:alert(1)"},
            new Object[] {102002, "<img src=x onerror=alert(1)>"},
            new Object[] {102002, "\" onmouseover=\"alert(1)"},
            new Object[] {102002, "<svg/onload=alert(1)>"},
            new Object[] {102003, "<iframe src=//evil.example>"},
            new Object[] {102003, "<svg><animate>"},
            // path traversal
            new Object[] {103000, "../../../../etc/hosts"},
            new Object[] {103000, "..\\..\\boot"},
            new Object[] {103000, "files/.."},
            new Object[] {103001, "/etc/passwd"},
            new Object[] {103001, "C:\\Windows\\win.ini"},
            new Object[] {103001, "/proc/self/environ"});

    /** Encoded attacks, sent in the query string exactly as written (the engine decodes the query once). */
    private static final List<Object[]> ENCODED_IN_QUERY = List.of(
            new Object[] {103000, "%2e%2e%2f%2e%2e%2fsecret"},
            new Object[] {103000, "%252e%252e%252fsecret"},
            new Object[] {103000, "%c0%ae%c0%ae/secret"},
            new Object[] {103000, "..%255c..%255cwin"},
            new Object[] {103001, "%2fetc%2fpasswd%00.png"},
            new Object[] {102000, "%253Cscript%253E"},
            new Object[] {102000, "%3Cscr%00ipt%3E"},
            new Object[] {102001, "java%0Ascript:alert(1)"},
            new Object[] {101002, "1%20UNION%0D%0ASELECT%201"});

    private static final List<String> BENIGN = List.of(
            "O'Brien",
            "Miles O'Brien and Julian Bashir",
            "D'Orsay",
            "It's 5 o'clock",
            "select a product",
            "Please select one or more options",
            "the union selected a new leader",
            "drop us a line",
            "Drop table tennis practice; see you",
            "19.99",
            "$1,250.00 - 20% off",
            "1 or 2 items",
            "jane.doe+news@example.com",
            "https://www.example.com/catalogue/page?id=42&sort=price",
            "wait.../no",
            "see ./docs/readme.md",
            "a < b and c > d",
            "I like Java scripting",
            "Status: online = yes",
            "Click on sale items",
            "discount code SUMMER-2024",
            "The Jones' house",
            "<b>bold</b> and <i>italic</i>",
            "#hashtag and \"quotes\" here",
            "100% cotton, 2-pack",
            "C++ or C#? Both",
            "and=1&or=2");

    private static final List<Field> BENIGN_FIELDS = List.of(Field.QUERY, Field.QUERY_NAME, Field.FORM, Field.COOKIE,
            Field.USER_AGENT, Field.REFERER, Field.JSON);

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Runs one request with {@code value} in {@code field}; returns the transaction's verdict. */
    private static Verdict inspect(Field field, String value) {
        String target = "/shop/search";
        List<String[]> headers = new ArrayList<>();
        headers.add(new String[] {"Host", "shop.example.com"});
        headers.add(new String[] {"Accept", "text/html"});
        String body = null;
        switch (field) {
            case QUERY -> target += "?page=2&q=" + enc(value);
            case RAW_QUERY -> target += "?page=2&q=" + value;
            case QUERY_NAME -> target += "?" + enc(value) + "=1";
            case FORM -> {
                body = "name=Jane&comment=" + enc(value);
                headers.add(new String[] {"Content-Type", "application/x-www-form-urlencoded"});
            }
            case COOKIE -> headers.add(new String[] {"Cookie", "session=abc123; pref=" + enc(value)});
            case USER_AGENT -> headers.add(new String[] {"User-Agent", value});
            case REFERER -> headers.add(new String[] {"Referer", "https://shop.example.com/?q=" + value});
            case JSON -> {
                body = "{\"name\":\"Jane\",\"comment\":\"" + value.replace("\\", "\\\\").replace("\"", "\\\"")
                        .replace("\t", "\\t") + "\"}";
                headers.add(new String[] {"Content-Type", "application/json"});
            }
        }
        if (body != null) {
            headers.add(new String[] {"Content-Length",
                    Integer.toString(body.getBytes(StandardCharsets.UTF_8).length)});
        }
        try (Transaction tx = rules.newTransaction()) {
            tx.connection("203.0.113.9", 50123, "10.0.0.1", 8080);
            tx.requestLine(body == null ? "GET" : "POST", target, "HTTP/1.1");
            for (String[] h : headers) {
                tx.requestHeader(h[0], h[1]);
            }
            Verdict v = tx.processRequestHeaders();
            if (!v.isInterrupted()) {
                if (body != null) {
                    tx.requestBody(body.getBytes(StandardCharsets.UTF_8));
                }
                v = tx.processRequestBody();
            }
            tx.processLogging();
            return v;
        }
    }

    private static List<Long> detections(Verdict v) {
        return v.matches().stream().map(RuleMatch::ruleId).filter(id -> id >= 101000 && id <= 199999)
                .collect(Collectors.toList());
    }

    @TestFactory
    Stream<DynamicTest> attacksAreBlockedInEveryField() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Object[] attack : ATTACKS) {
            long ruleId = ((Integer) attack[0]).longValue();
            String value = (String) attack[1];
            for (Field field : List.of(Field.QUERY, Field.FORM, Field.COOKIE, Field.USER_AGENT, Field.JSON)) {
                tests.add(DynamicTest.dynamicTest(ruleId + " " + field + " " + value, () -> {
                    Verdict v = inspect(field, value);
                    assertTrue(v.isInterrupted(), () -> "not blocked; matches: " + v.matches());
                    assertEquals(403, v.status());
                    assertEquals(100900, v.cause().ruleId(), "the anomaly evaluation blocks");
                    assertTrue(detections(v).contains(ruleId), () -> "expected " + ruleId + " in " + detections(v));
                }));
            }
        }
        assertEquals(ATTACKS.size() * 5, tests.size());
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> encodedAttacksAreDecodedAndBlocked() {
        return ENCODED_IN_QUERY.stream().map(attack -> DynamicTest.dynamicTest(attack[0] + " " + attack[1], () -> {
            long ruleId = ((Integer) attack[0]).longValue();
            Verdict v = inspect(Field.RAW_QUERY, (String) attack[1]);
            assertTrue(v.isInterrupted(), () -> "not blocked; matches: " + v.matches());
            assertTrue(detections(v).contains(ruleId), () -> "expected " + ruleId + " in " + detections(v));
        }));
    }

    @TestFactory
    Stream<DynamicTest> benignValuesPassInEveryField() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String value : BENIGN) {
            for (Field field : BENIGN_FIELDS) {
                tests.add(DynamicTest.dynamicTest(field + " " + value, () -> {
                    Verdict v = inspect(field, value);
                    assertFalse(v.isInterrupted(), () -> "blocked; matches: " + v.matches());
                    assertEquals(List.of(), detections(v));
                }));
            }
        }
        assertEquals(BENIGN.size() * BENIGN_FIELDS.size(), tests.size());
        return tests.stream();
    }

    @Test
    void attackInArgumentNameIsBlocked() {
        Verdict v = inspect(Field.QUERY_NAME, "x' or 1=1");
        assertTrue(v.isInterrupted());
        assertEquals("ARGS_NAMES:x' or 1=1", v.matches().stream().filter(m -> m.ruleId() == 101000)
                .findFirst().orElseThrow().variable());
    }

    @Test
    void attackInRefererIsBlocked() {
        Verdict v = inspect(Field.REFERER, "<script>alert(1)</script>");
        assertTrue(v.isInterrupted());
        assertEquals("REQUEST_HEADERS:Referer", v.matches().stream().filter(m -> m.ruleId() == 102000)
                .findFirst().orElseThrow().variable());
    }

    @Test
    void matchIsReportedWithCapturedDataAndField() {
        Verdict v = inspect(Field.QUERY, "1 union select password from users");
        RuleMatch m = v.matches().stream().filter(x -> x.ruleId() == 101002).findFirst().orElseThrow();
        assertEquals("ARGS:q", m.variable());
        assertEquals("Matched Data: union select found within ARGS:q: 1 union select password from users",
                m.logData());
        assertEquals("SQL injection: UNION SELECT", m.message());
        assertEquals("CRITICAL", m.severityName());
        assertTrue(m.tags().contains("attack-sqli"));
        assertEquals("Request blocked: Bulwark anomaly score 5 reached the threshold 5", v.cause().message());
    }

    @Test
    void everyMatchingRuleAddsToTheScore() {
        Verdict v = inspect(Field.QUERY, "x' or 1=1 union select 1");
        assertEquals(List.of(101000L, 101002L), detections(v));
        assertEquals("Request blocked: Bulwark anomaly score 10 reached the threshold 5", v.cause().message());
    }

    @Test
    void unparsableJsonBodyIsRefusedWith400() {
        try (Transaction tx = rules.newTransaction()) {
            tx.requestLine("POST", "/api", "HTTP/1.1");
            tx.requestHeader("Host", "localhost");
            tx.requestHeader("Content-Type", "application/vnd.api+json");
            tx.processRequestHeaders();
            tx.requestBody("{\"a\": ".getBytes(StandardCharsets.ISO_8859_1));
            Verdict v = tx.processRequestBody();
            assertTrue(v.isInterrupted());
            assertEquals(400, v.status());
            assertEquals(200002, v.cause().ruleId());
        }
    }

    @Test
    void requestReachingTheArgumentsLimitIsRefusedWith400() {
        for (int count : new int[] {999, 1000}) {
            StringBuilder form = new StringBuilder();
            for (int i = 0; i < count; i++) {
                form.append(i == 0 ? "" : "&").append("a").append(i).append('=').append(i);
            }
            try (Transaction tx = rules.newTransaction()) {
                tx.requestLine("POST", "/form", "HTTP/1.1");
                tx.requestHeader("Host", "localhost");
                tx.requestHeader("Content-Type", "application/x-www-form-urlencoded");
                tx.processRequestHeaders();
                tx.requestBody(form.toString().getBytes(StandardCharsets.ISO_8859_1));
                Verdict v = tx.processRequestBody();
                assertEquals(count == 1000, v.isInterrupted(), count + " arguments");
                if (v.isInterrupted()) {
                    assertEquals(400, v.status());
                    assertEquals(200007, v.cause().ruleId());
                    assertEquals("1000 arguments", v.cause().logData());
                }
            }
        }
    }

    @Test
    void baseConfigurationSettingsAreApplied() {
        assertEquals(EngineMode.ON, rules.engineMode());
        assertTrue(rules.requestBodyAccess());
        assertEquals(13_107_200L, rules.requestBodyLimit());
        assertTrue(rules.rejectsOversizedBody());
        assertEquals(18, rules.size());
    }

    @Test
    void sameFilesLoadFromTheFileSystem() throws Exception {
        Path conf = Path.of("src/main/resources/bulwark/bulwark.conf");
        assertTrue(Files.isRegularFile(conf), "run from the rulesets module directory");
        RuleSet fromFiles = RuleSet.compile(WafConfig.builder().rules(conf.toString()).build());
        assertEquals(rules.size(), fromFiles.size());
        try (Transaction tx = fromFiles.newTransaction()) {
            tx.requestLine("GET", "/?f=..%2f..%2fetc%2fpasswd", "HTTP/1.1");
            tx.requestHeader("Host", "localhost");
            tx.processRequestHeaders();
            assertEquals(403, tx.processRequestBody().status());
        }
    }
}
