package dev.bulwark.waf.internal.audit;

import static dev.bulwark.waf.internal.audit.JsonText.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.waf.RuleSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which sections appear for which SecAuditLogParts. */
class AuditPartsTest {

    private static final RuleSet RULES = AuditFixtures.rules(
            "SecRule ARGS \"@rx attack\" \"id:1,phase:2,pass,log,msg:'found'\"");
    private static final AuditJson JSON = new AuditJson("s", "p", "c", List.of());

    private static Map<String, Object> transaction(String parts) {
        AuditRecord r = AuditFixtures.exchange()
                .request("POST", "/x")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body("a=attack")
                .responseHeader("Content-Type", "text/plain")
                .responseBody("response text")
                .record(RULES, parts);
        return at(JsonText.object(JSON.format(r)), "transaction");
    }

    @Test
    void parseWhenLettersThenCanonicalOrderAnyCase() {
        assertEquals("ABCDEFHIJZ", AuditParts.parse("ABIJDEFHZ".toLowerCase(java.util.Locale.ROOT) + "c").toString());
        assertEquals("ABCFHKZ", AuditParts.DEFAULT.toString());
    }

    @Test
    void parseWhenNotAPartThenErrorNamesTheLetter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AuditParts.parse("ABX"));
        assertTrue(e.getMessage().contains("'X'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AuditParts.parse(" "));
    }

    @Test
    void applyWhenCtlValueThenAddsRemovesOrReplaces() {
        AuditParts p = AuditParts.parse("ABFHZ");
        assertEquals("ABEFHZ", p.apply("+E").toString());
        assertEquals("AFHZ", p.apply("-B").toString());
        assertEquals("ACZ", p.apply("ACZ").toString());
        assertEquals("ABFHZ", p.apply(null).toString());
        assertEquals("ABCFHZ", p.apply("+c?").toString(), "letters that are not parts are ignored at run time");
    }

    @Test
    void formatWhenAllPartsThenEverySection() {
        Map<String, Object> t = transaction("ABCEFHKZ");
        assertEquals("a=attack", at(t, "request", "body"));
        assertNotNull(at(t, "request", "headers"));
        assertEquals("response text", at(t, "response", "body"));
        assertEquals("text/plain", at(t, "response", "headers", "Content-Type"));
        assertNotNull(at(t, "producer"));
        assertEquals("ARGS:a", at(t, "messages", 0, "bulwark", "variable"));
    }

    @Test
    void formatWhenOnlyHeaderThenRequestLineAndStatusOnly() {
        Map<String, Object> t = transaction("AZ");
        Map<String, Object> request = at(t, "request");
        assertEquals(List.of("method", "http_version", "uri"), List.copyOf(request.keySet()));
        Map<String, Object> response = at(t, "response");
        assertEquals(List.of("http_code"), List.copyOf(response.keySet()));
        assertFalse(t.containsKey("producer"));
        assertFalse(t.containsKey("messages"));
        assertNotNull(at(t, "bulwark"), "Bulwark's verdict is always there");
    }

    @Test
    void formatWhenNoCThenNoBodyButIAlsoLogsIt() {
        assertFalse(((Map<?, ?>) at(transaction("ABFHZ"), "request")).containsKey("body"));
        assertEquals("a=attack", at(transaction("ABIFHZ"), "request", "body"));
    }

    @Test
    void formatWhenNoFThenNoResponseHeaders() {
        assertFalse(((Map<?, ?>) at(transaction("ABCHZ"), "response")).containsKey("headers"));
    }

    @Test
    void formatWhenHWithoutKThenMessagesWithoutMatchDetails() {
        Map<String, Object> t = transaction("AHZ");
        Map<String, Object> message = at(t, "messages", 0);
        assertEquals(List.of("message", "details"), List.copyOf(message.keySet()));
        Map<String, Object> k = transaction("AKZ");
        assertFalse(k.containsKey("producer"));
        assertEquals("attack", at(k, "messages", 0, "bulwark", "matched"));
    }

    @Test
    void captureWhenPartsExcludeSectionsThenRecordDoesNotHoldThem() {
        AuditRecord r = AuditFixtures.exchange()
                .header("X-A", "1")
                .body("a=attack")
                .responseHeader("X-B", "2")
                .responseBody("text")
                .record(RULES, "AZ");
        assertNull(r.request().body());
        assertTrue(r.request().headers().isEmpty());
        assertNull(r.response().body());
        assertTrue(r.response().headers().isEmpty());
        assertTrue(r.messages().isEmpty());
    }
}
