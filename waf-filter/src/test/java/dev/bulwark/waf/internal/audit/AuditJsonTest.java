package dev.bulwark.waf.internal.audit;

import static dev.bulwark.waf.internal.audit.JsonText.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.waf.EngineMode;
import dev.bulwark.waf.RuleSet;
import dev.bulwark.waf.Verdict;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The JSON line: libmodsecurity's field names and types, Bulwark's additions apart, valid whatever the bytes. */
class AuditJsonTest {

    private static final AuditJson JSON = new AuditJson("abc123", "Bulwark vtest", "unit test",
            List.of("OWASP_CRS/4.0.0"));
    private static final RuleSet RULES = AuditFixtures.rules(AuditFixtures.RULES);

    private static AuditRecord attack() {
        return AuditFixtures.exchange()
                .request("POST", "/comment?page=2")
                .header("Host", "shop.example")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html")
                .header("accept", "application/json")
                .body("comment=<script>alert(1)</script>&name=bob")
                .record(RULES, "ABCFHKZ");
    }

    @Test
    void formatWhenAttackThenLibmodsecurityShapeWithBulwarkFieldsApart() {
        AuditRecord r = attack();
        String line = JSON.format(r);
        assertFalse(line.contains("\n"), "one line");
        Map<String, Object> root = JsonText.object(line);
        assertEquals(List.of("transaction"), List.copyOf(root.keySet()));
        Map<String, Object> t = at(root, "transaction");
        assertEquals(List.of("client_ip", "time_stamp", "server_id", "client_port", "host_ip", "host_port",
                "unique_id", "request", "response", "producer", "messages", "bulwark"), List.copyOf(t.keySet()));
        assertEquals("203.0.113.7", t.get("client_ip"));
        assertEquals(new BigDecimal(51234), t.get("client_port"));
        assertEquals("10.0.0.1", t.get("host_ip"));
        assertEquals(new BigDecimal(8080), t.get("host_port"));
        assertEquals("abc123", t.get("server_id"));
        assertEquals(r.id(), t.get("unique_id"));
        assertTrue(((String) t.get("time_stamp")).matches("[A-Z][a-z]{2} [A-Z][a-z]{2} [ 123]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}"),
                (String) t.get("time_stamp"));

        assertEquals("POST", at(t, "request", "method"));
        assertEquals(new BigDecimal("1.1"), at(t, "request", "http_version"));
        assertEquals("/comment?page=2", at(t, "request", "uri"));
        assertEquals("comment=<script>alert(1)</script>&name=bob", at(t, "request", "body"));
        Map<String, Object> headers = at(t, "request", "headers");
        assertEquals("shop.example", headers.get("Host"));
        assertEquals("text/html, application/json", headers.get("Accept"), "repeated names merged in order");
        assertFalse(headers.containsKey("accept"));

        assertEquals(new BigDecimal(403), at(t, "response", "http_code"));
        assertEquals("Bulwark vtest", at(t, "producer", "modsecurity"));
        assertEquals("unit test", at(t, "producer", "connector"));
        assertEquals("Enabled", at(t, "producer", "secrules_engine"));
        assertEquals(List.of("OWASP_CRS/4.0.0"), at(t, "producer", "components"));

        List<Object> messages = at(t, "messages");
        assertEquals(2, messages.size(), "941100 and 949110 (100 is noauditlog and did not match)");
        Map<String, Object> details = at(messages, 0, "details");
        assertEquals(List.of("match", "reference", "ruleId", "file", "lineNumber", "data", "severity", "ver", "rev",
                "tags", "maturity", "accuracy"), List.copyOf(details.keySet()));
        assertEquals("XSS Attack Detected", at(messages, 0, "message"));
        assertEquals("941100", details.get("ruleId"));
        assertEquals("<inline rules>", details.get("file"));
        assertEquals("2", details.get("lineNumber"));
        assertEquals("2", details.get("severity"));
        assertEquals("OWASP_CRS/4.0.0", details.get("ver"));
        assertEquals(List.of("attack-xss", "paranoia-level/1"), details.get("tags"));
        assertEquals("Matched Data: <script found within ARGS:comment: <script>alert(1)</script>", details.get("data"));
        assertEquals("Matched \"Operator `Rx' with parameter `(?i)<script' against variable `ARGS:comment' "
                + "(Value: `<script>alert(1)</script>' )", details.get("match"));
        assertEquals("ARGS:comment", at(messages, 0, "bulwark", "variable"));
        assertEquals("<script>alert(1)</script>", at(messages, 0, "bulwark", "matched"));
        assertEquals(new BigDecimal(2), at(messages, 0, "bulwark", "phase"));
        assertEquals(Boolean.FALSE, at(messages, 0, "bulwark", "disruptive"));
        assertEquals(Boolean.TRUE, at(messages, 1, "bulwark", "disruptive"));
        assertEquals("", at(messages, 1, "details", "severity"), "a rule without severity");

        Map<String, Object> b = at(t, "bulwark");
        assertEquals(r.start().toString(), b.get("time_stamp"));
        assertEquals("On", b.get("engine_mode"));
        assertEquals("ABCFHKZ", b.get("parts"));
        assertEquals("DENY", at(b, "verdict", "outcome"));
        assertEquals(new BigDecimal(403), at(b, "verdict", "status"));
        assertEquals(new BigDecimal(949110), at(b, "verdict", "rule_id"));
        assertEquals(new BigDecimal(42), b.get("request_body_length"));
        assertEquals(new BigDecimal(5), at(b, "anomaly_score", "inbound_anomaly_score_pl1"));
        assertEquals(new BigDecimal(5), at(b, "anomaly_score", "blocking_inbound_anomaly_score"));
        assertEquals(new BigDecimal(5), at(b, "anomaly_score", "inbound_anomaly_score_threshold"));
    }

    @Test
    void formatWhenReadByGenericYamlParserThenSameValues() {
        // SnakeYAML stands in for the many JSON readers that will consume the log
        String line = JSON.format(attack());
        Map<String, Object> root = new Yaml().load(line);
        assertEquals("POST", at(root, "transaction", "request", "method"));
        assertEquals("941100", at(root, "transaction", "messages", 0, "details", "ruleId"));
        assertEquals("ARGS:comment", at(root, "transaction", "messages", 0, "bulwark", "variable"));
    }

    @Test
    void appendStringWhenAnyByteThenValidJsonThatReadsBackTheSameByte() {
        for (int b = 0; b <= 0xff; b++) {
            String value = "a" + (char) b + "z";
            StringBuilder out = new StringBuilder();
            JsonWriter.appendString(out, value);
            String json = out.toString();
            for (int i = 0; i < json.length(); i++) {
                char c = json.charAt(i);
                assertTrue(c >= 0x20 && c < 0x7f, "byte " + b + " gave a raw char " + (int) c + " in " + json);
            }
            assertEquals(value, JsonText.parse(json), "byte " + b);
            if (b >= 0x80 || b < 0x20 && "\b\f\n\r\t".indexOf(b) < 0 || b == 0x7f) {
                assertEquals(String.format("\"a\\u%04xz\"", b), json, "byte " + b);
            }
        }
    }

    @Test
    void formatWhenEveryByteInHeadersBodyAndMatchThenLineStaysValidAndLossless() {
        StringBuilder all = new StringBuilder();
        for (int b = 0; b <= 0xff; b++) {
            all.append((char) b);
        }
        String bytes = all.toString();
        RuleSet rules = AuditFixtures.rules("SecRule REQUEST_HEADERS:X-Data \"@rx z\" \"id:1,phase:1,pass,log\"");
        AuditRecord r = AuditFixtures.exchange()
                .header("X-Data", bytes)
                .header(bytes, "name is every byte")
                .body(bytes)
                .responseBody(bytes)
                .record(rules, "ABCEFHKZ");
        String line = JSON.format(r);
        for (int i = 0; i < line.length(); i++) {
            assertTrue(line.charAt(i) >= 0x20 && line.charAt(i) < 0x7f, "raw char " + (int) line.charAt(i));
        }
        Map<String, Object> t = at(JsonText.object(line), "transaction");
        assertEquals(bytes, at(t, "request", "headers", "X-Data"));
        assertEquals("name is every byte", at(t, "request", "headers", bytes));
        assertEquals(bytes, at(t, "request", "body"));
        assertEquals(bytes, at(t, "response", "body"));
        assertEquals(bytes, at(t, "messages", 0, "bulwark", "matched"));
    }

    @Test
    void appendStringWhenCharAboveLatin1ThenItsUtf8BytesAreEscaped() {
        StringBuilder out = new StringBuilder();
        JsonWriter.appendString(out, "\u20ac\ud83d\ude00");
        assertEquals("\"\\u00e2\\u0082\\u00ac\\u00f0\\u009f\\u0098\\u0080\"", out.toString());
    }

    @Test
    void jsonWriterWhenNestedThenCommasOnlyBetweenMembers() {
        StringBuilder out = new StringBuilder();
        new JsonWriter(out).beginObject().field("a", 1).name("b").beginArray().value("x").beginObject().endObject()
                .beginArray().endArray().value(true).endArray().field("c", (String) null).endObject();
        assertEquals("{\"a\":1,\"b\":[\"x\",{},[],true],\"c\":null}", out.toString());
        assertEquals(Map.of("a", BigDecimal.ONE, "b", List.of("x", Map.of(), List.of(), true)),
                Map.of("a", at(JsonText.parse(out.toString()), "a"), "b", at(JsonText.parse(out.toString()), "b")));
    }

    @Test
    void httpVersionWhenNotNumericThenWrittenAsString() {
        assertEquals("1.1", AuditJson.httpVersion("HTTP/1.1"));
        assertEquals("2", AuditJson.httpVersion("HTTP/2"));
        assertEquals("2.0", AuditJson.httpVersion("HTTP/2.0"));
        assertNull(AuditJson.httpVersion("HTTP/01.1"));
        assertNull(AuditJson.httpVersion("HTTP/1.x"));
        assertNull(AuditJson.httpVersion(""));
        assertNull(AuditJson.httpVersion("SPDY/3"));
        AuditRecord.Request req = new AuditRecord.Request("", 0, "", 0, "", "/", "HTTP/1.\u00ff", List.of(), null, -1);
        AuditRecord r = new AuditRecord("id", Instant.EPOCH, EngineMode.DETECTION_ONLY, AuditParts.parse("AZ"), req,
                new AuditRecord.Response(0, List.of(), null, -1),
                new AuditRecord.Outcome(Verdict.Outcome.PASS, 0, -1, null), List.of(), Map.of());
        Map<String, Object> t = at(JsonText.object(JSON.format(r)), "transaction");
        assertEquals("HTTP/1.\u00ff", at(t, "request", "http_version"));
        assertEquals("-", at(t, "request", "method"), "an empty method is a dash, as in libmodsecurity");
        assertEquals("Thu Jan  1 00:00:00 1970", t.get("time_stamp"));
        assertEquals("1970-01-01T00:00:00Z", at(t, "bulwark", "time_stamp"));
        assertFalse(t.containsKey("producer"));
        assertFalse(t.containsKey("messages"));
        assertEquals("PASS", at(t, "bulwark", "verdict", "outcome"));
        assertFalse(((Map<?, ?>) at(t, "bulwark", "verdict")).containsKey("rule_id"));
    }

    @Test
    void strictReaderRejectsWhatIsNotJson() {
        // the reader the other tests trust must itself fail on bad input
        assertThrows(IllegalArgumentException.class, () -> JsonText.parse("{\"a\":\"\u0001\"}"));
        assertThrows(IllegalArgumentException.class, () -> JsonText.parse("{\"a\":1,\"a\":2}"));
        assertThrows(IllegalArgumentException.class, () -> JsonText.parse("{\"a\":01}"));
        assertThrows(IllegalArgumentException.class, () -> JsonText.parse("{\"a\":1} x"));
        assertThrows(IllegalArgumentException.class, () -> JsonText.parse("\"\\x41\""));
    }
}
