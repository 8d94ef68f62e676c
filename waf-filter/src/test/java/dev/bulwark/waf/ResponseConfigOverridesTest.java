package dev.bulwark.waf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The builder's response-side settings win over the rules' directives. */
class ResponseConfigOverridesTest {

    private static final String RULES = """
            SecResponseBodyAccess Off
            SecResponseBodyLimit 1000
            SecResponseBodyLimitAction Reject
            SecResponseBodyMimeType text/plain text/html
            SecRule RESPONSE_BODY "@rx ORA-\\d+" "id:1,phase:4,deny,log"
            """;

    private static boolean inspects(RuleSet rules, String contentType) {
        Transaction tx = rules.newTransaction();
        tx.requestLine("GET", "/", "HTTP/1.1");
        tx.processRequestHeaders();
        tx.processRequestBody();
        tx.responseStatus(200, "HTTP/1.1");
        tx.responseHeader("Content-Type", contentType);
        tx.processResponseHeaders();
        return tx.inspectsResponseBody();
    }

    @Test
    void directivesApplyWithoutOverrides() throws Exception {
        RuleSet rules = RuleSet.compile(WafConfig.builder().rules(RuleSource.text(RULES, "rules")).build());
        assertFalse(inspects(rules, "text/html"));
        assertEquals(1000, rules.responseBodyLimit());
        assertTrue(rules.rejectsOversizedResponseBody());
    }

    @Test
    void builderWinsOverTheDirectives() throws Exception {
        RuleSet rules = RuleSet.compile(WafConfig.builder().rules(RuleSource.text(RULES, "rules"))
                .responseBodyAccess(true).responseBodyLimit(5000)
                .responseBodyLimitAction(BodyLimitAction.PROCESS_PARTIAL)
                .responseBodyMimeTypes("application/json").build());
        assertTrue(inspects(rules, "application/json; charset=utf-8"));
        assertFalse(inspects(rules, "text/html"), "the builder's list replaces the directive's");
        assertEquals(5000, rules.responseBodyLimit());
        assertFalse(rules.rejectsOversizedResponseBody());
    }

    @Test
    void badMimeTypeIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> WafConfig.builder().responseBodyMimeTypes("text/html; charset=utf-8"));
    }
}
