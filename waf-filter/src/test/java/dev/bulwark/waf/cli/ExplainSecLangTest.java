package dev.bulwark.waf.cli;

import static dev.bulwark.waf.cli.AuditLogFixture.SCORING_RULES;
import static dev.bulwark.waf.cli.AuditLogFixture.blocked;
import static dev.bulwark.waf.cli.AuditLogFixture.cli;
import static dev.bulwark.waf.cli.AuditLogFixture.compile;
import static dev.bulwark.waf.cli.AuditLogFixture.post;
import static dev.bulwark.waf.cli.AuditLogFixture.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.waf.RuleSet;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SecLang {@code explain} prints is ready to paste: it compiles with the rules, lets the explained request through,
 * and still blocks a real attack in another field or on another path.
 */
class ExplainSecLangTest {

    /** The simplest rule set: one rule that denies on its own. */
    static final String DENY_RULE = "SecRequestBodyAccess On\n"
            + "SecRule ARGS \"@rx select\" \"id:1001,phase:2,deny,log,msg:'x'\"";

    @TempDir
    Path dir;

    /** Explains the incident {@code r} caused under {@code rules} and returns the JSON report. */
    private Map<String, Object> explain(String rules, AuditLogFixture.Request r) throws Exception {
        Path log = dir.resolve("audit-" + System.nanoTime() + ".json");
        String id;
        try (AuditLogFixture f = new AuditLogFixture(log, rules)) {
            id = f.send(r);
        }
        AuditLogFixture.Run run = cli("explain", "--audit-log", log.toString(), "--format", "json", "--", id);
        assertEquals(0, run.status(), run.err());
        return Json.object(run.out());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> exclusion(Map<String, Object> report) {
        return (Map<String, Object>) report.get("exclusion");
    }

    @SuppressWarnings("unchecked")
    private static String global(Map<String, Object> report) {
        return String.join("\n", (List<String>) exclusion(report).get("global"));
    }

    @Test
    void pathRuleAndGlobalFormLetTheRequestThroughAndStillBlockAttacksElsewhere() throws Exception {
        AuditLogFixture.Request fp = post("/post", "comment=Please+select+a+size&title=Shoes");
        AuditLogFixture.Request otherField = post("/post", "comment=hello&title=1+union+select+password");
        AuditLogFixture.Request otherPath = post("/other", "comment=Please+select+a+size");
        assertTrue(blocked(compile(DENY_RULE), fp), "the false positive is blocked to begin with");

        Map<String, Object> report = explain(DENY_RULE, fp);
        String pathRule = (String) exclusion(report).get("path_rule");
        assertNotNull(pathRule);

        RuleSet tuned = compile(DENY_RULE + "\n" + pathRule);
        assertFalse(blocked(tuned, fp), "the explained request passes");
        assertTrue(blocked(tuned, otherField), "an attack in another field is still blocked");
        assertTrue(blocked(tuned, otherPath), "the same value on another path is still blocked");

        RuleSet globallyTuned = compile(DENY_RULE + "\n" + global(report));
        assertFalse(blocked(globallyTuned, fp));
        assertTrue(blocked(globallyTuned, otherField));
        assertFalse(blocked(globallyTuned, otherPath), "the global form applies on every path");
    }

    @Test
    void severalTargetsInOneRuleWithScoring() throws Exception {
        AuditLogFixture.Request fp = post("/post", "comment=select+one&title=select+two&note=ok");
        Map<String, Object> report = explain(SCORING_RULES, fp);
        String pathRule = (String) exclusion(report).get("path_rule");
        assertEquals(1, pathRule.split("\nSecRule", -1).length, pathRule);
        assertTrue(pathRule.contains(";ARGS:comment") && pathRule.contains(";ARGS:title"), pathRule);

        RuleSet tuned = compile(SCORING_RULES + "\n" + pathRule);
        assertFalse(blocked(tuned, fp));
        assertTrue(blocked(tuned, post("/post", "comment=select+one&title=select+two&note=select+three")),
                "the third field is still inspected");
        assertTrue(blocked(tuned, post("/post", "comment=<script>alert(1)</script>")),
                "other rules still inspect the excluded field");
    }

    @Test
    void keysAndPathsWithAwkwardBytesAreWrittenSoTheyStillMatch() throws Exception {
        // a key with a comma, a pipe, a quote, a backslash and UTF-8; a path with a space, a quote and UTF-8
        String key = "a%2Cb%7Cc%22d%5Ce%C3%A9";
        String path = "/caf%C3%A9/x%20%22y%22";
        AuditLogFixture.Request fp = post(path, key + "=select");
        Map<String, Object> report = explain(DENY_RULE, fp);
        String pathRule = (String) exclusion(report).get("path_rule");
        assertTrue(pathRule.contains("@rx ^/caf\\xc3\\xa9/x\\x20\\x22y\\x22$"), pathRule);
        assertTrue(pathRule.contains(";ARGS:/^a\\x2cb\\x7cc\\x22d\\x5ce\\xc3\\xa9$/\""), pathRule);
        for (char c : (pathRule + global(report)).toCharArray()) {
            assertTrue(c == '\n' || (c >= 0x20 && c < 0x7f), "ASCII only: " + (int) c);
        }

        RuleSet tuned = compile(DENY_RULE + "\n" + pathRule);
        assertFalse(blocked(tuned, fp));
        assertTrue(blocked(tuned, post(path, "other=select")));
        assertTrue(blocked(tuned, post("/caf%C3%A9/x", key + "=select")));
        RuleSet globallyTuned = compile(DENY_RULE + "\n" + global(report));
        assertFalse(blocked(globallyTuned, fp));
        assertTrue(blocked(globallyTuned, post(path, "ab=select")));
    }

    @Test
    void aPhaseOneMatchNeedsThePathRuleBeforeTheRules() throws Exception {
        String rules = "SecRule REQUEST_HEADERS:User-Agent \"@rx scanner\" \"id:1004,phase:1,deny,log,t:lowercase\"";
        AuditLogFixture.Request fp = request().header("User-Agent", "Site scanner for accessibility")
                .get("/health");
        Map<String, Object> report = explain(rules, fp);
        Map<String, Object> ex = exclusion(report);
        assertEquals(Boolean.TRUE, ex.get("path_rule_load_before_rules"));
        String pathRule = (String) ex.get("path_rule");
        assertTrue(pathRule.contains("ctl:ruleRemoveTargetById=1004;REQUEST_HEADERS:User-Agent\""), pathRule);

        assertFalse(blocked(compile(pathRule + "\n" + rules), fp), "loaded before the rules it works");
        assertTrue(blocked(compile(rules + "\n" + pathRule), fp), "loaded after them it runs too late, as said");
        assertFalse(blocked(compile(rules + "\n" + global(report)), fp), "the global form works after the rules");
    }

    @Test
    void aKeylessVariableIsExcludedWhole() throws Exception {
        String rules = "SecRule REQUEST_FILENAME \"@rx /select/\" \"id:1005,phase:2,deny,log\"";
        AuditLogFixture.Request fp = request().get("/products/select/42");
        Map<String, Object> report = explain(rules, fp);
        String pathRule = (String) exclusion(report).get("path_rule");
        assertTrue(pathRule.contains("ctl:ruleRemoveTargetById=1005;REQUEST_FILENAME\""), pathRule);
        assertFalse(blocked(compile(rules + "\n" + pathRule), fp));
        assertTrue(blocked(compile(rules + "\n" + pathRule), request().get("/other/select/42")));
        assertNull(exclusion(report).get("rule_removal"));
    }

    @Test
    void aCountMatchCanOnlyBeRemovedAsARuleOnThePath() throws Exception {
        String rules = "SecRule &ARGS:debug \"@eq 1\" \"id:1006,phase:2,deny,log\"";
        AuditLogFixture.Request fp = request().get("/status?debug=1");
        Map<String, Object> report = explain(rules, fp);
        Map<String, Object> ex = exclusion(report);
        assertNull(ex.get("path_rule"));
        String removal = (String) ex.get("rule_removal");
        assertTrue(removal.contains("@streq /status") && removal.contains("ctl:ruleRemoveById=1006\""), removal);
        assertFalse(blocked(compile(rules + "\n" + removal), fp));
        assertTrue(blocked(compile(rules + "\n" + removal), request().get("/other?debug=1")));
    }

    @Test
    void theTextReportHoldsTheSameSecLang() throws Exception {
        Path log = dir.resolve("audit.json");
        AuditLogFixture.Request fp = post("/post", "comment=select");
        String id;
        try (AuditLogFixture f = new AuditLogFixture(log, DENY_RULE)) {
            id = f.send(fp);
        }
        String text = cli("explain", "--audit-log", log.toString(), "--", id).out();
        int start = text.indexOf("SecRule REQUEST_FILENAME");
        int end = text.indexOf("\"\n", start) + 1;
        String pasted = text.substring(start, end);
        assertFalse(blocked(compile(DENY_RULE + "\n" + pasted), fp));
    }
}
