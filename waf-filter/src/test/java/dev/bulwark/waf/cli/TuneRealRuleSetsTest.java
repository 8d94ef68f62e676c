package dev.bulwark.waf.cli;

import static dev.bulwark.waf.cli.AuditLogFixture.blocked;
import static dev.bulwark.waf.cli.AuditLogFixture.cli;
import static dev.bulwark.waf.cli.AuditLogFixture.post;
import static dev.bulwark.waf.cli.AuditLogFixture.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bulwark.waf.RuleSet;
import dev.bulwark.waf.RuleSource;
import dev.bulwark.waf.WafConfig;
import dev.bulwark.waf.testsupport.SharedData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code explain} and {@code tune} on logs written by real rule sets: Bulwark's bundled rules (read from the
 * {@code rulesets} module's sources, which are not on this module's class path) and, when it is there, OWASP CRS.
 */
class TuneRealRuleSetsTest {

    /** The prose false positive of exclusions.md: a quote and a dash-dash in a comment. */
    static final AuditLogFixture.Request PROSE = post("/post", "name=Ann&comment=Log+in+as+admin%27--+then+open+it");
    static final AuditLogFixture.Request UNION = post("/post", "comment=1%27+union+select+password+from+users+--+");

    @TempDir
    Path dir;

    /** {@code rulesets/src/main/resources/bulwark/bulwark.conf}, found from the module directory up. */
    static Path bundledRules() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve("rulesets/src/main/resources/bulwark/bulwark.conf");
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new AssertionError("rulesets/src/main/resources/bulwark/bulwark.conf not found above "
                + Path.of("").toAbsolutePath());
    }

    @Test
    void bundledRules_explainTuneAndVerify() throws Exception {
        Path rules = bundledRules();
        String include = "Include " + rules + "\n";
        Path log = dir.resolve("audit.json");
        String prose;
        try (AuditLogFixture f = new AuditLogFixture(log, include)) {
            prose = f.send(PROSE.client("198.51.100.23"));
            f.send(post("/post", "name=Bob&comment=The+%27admin%27--+account+is+shared").client("198.51.100.9"));
            f.send(UNION.client("192.0.2.66"));
            f.send(request().get("/search?q=%3Cscript%3Ealert(1)%3C/script%3E").client("192.0.2.66"));
            f.send(request().get("/?q=shoes"));
        }

        AuditLogFixture.Run x = cli("explain", "--audit-log", log.toString(), "--format", "json", "--", prose);
        assertEquals(0, x.status(), x.err());
        Map<String, Object> report = Json.object(x.out());
        Map<?, ?> score = (Map<?, ?>) report.get("anomaly_score");
        assertEquals("5", String.valueOf(score.get("total")), "tx.bulwark_score, as the evaluation rule compared it");
        assertEquals("5", String.valueOf(score.get("threshold")), "from 100900's @ge 5");
        String pathRule = (String) ((Map<?, ?>) report.get("exclusion")).get("path_rule");
        assertTrue(pathRule.endsWith("ctl:ruleRemoveTargetById=101004;ARGS:comment\""), pathRule);
        RuleSet tuned = RuleSet.compile(WafConfig.builder().rules(RuleSource.path(rules),
                RuleSource.text(pathRule, "exclusions.conf")).build());
        assertFalse(blocked(tuned, PROSE));
        assertTrue(blocked(tuned, UNION), "another rule still sees the same field");
        assertTrue(blocked(tuned, post("/post", "name=x%27--+&comment=ok")), "the same rule still sees other fields");

        Path out = dir.resolve("exclusions.conf");
        AuditLogFixture.Run t = cli("tune", "--audit-log", log.toString(), "--rules", rules.toString(), "--out",
                out.toString(), "--verify");
        assertEquals(0, t.status(), t.out() + t.err());
        // the union and script requests match one precise rule each: libinjection on their values says attack
        assertTrue(t.out().contains("; 2 look like attacks and are not counted."), t.out());
        assertTrue(t.out().contains("Proposed 1 exclusion; wrote " + out), t.out());
        assertTrue(t.out().contains("  blocked without the exclusions: 4; of these, 2 pass with them\n"), t.out());
        assertTrue(t.out().contains("  requests that look like attacks: 2, of which 2 blocked without the exclusions: "
                + "all still blocked with them\n"), t.out());
        String file = Files.readString(out, StandardCharsets.ISO_8859_1);
        assertTrue(file.contains("ctl:ruleRemoveTargetById=101004;ARGS:comment\""), file);
        assertFalse(file.contains("101002") || file.contains("102000"), file);
    }

    @Test
    void crs_attackIsExplainedAndNeverProposed() throws Exception {
        Path crs = SharedData.crsDir();
        boolean present = Files.isRegularFile(crs.resolve("crs-setup.conf.example"));
        if (SharedData.inCi()) {
            assertTrue(present, "CRS not found at " + crs);
        }
        assumeTrue(present, "OWASP CRS not found at " + crs + " (../shared/crs): this test needs it");
        Path base = bundledRules().resolveSibling("base.conf");
        String text = "Include " + base + "\nInclude " + crs.resolve("crs-setup.conf.example") + "\nInclude "
                + crs.resolve("rules") + "/*.conf\n";
        Path log = dir.resolve("audit.json");
        String union;
        try (AuditLogFixture f = new AuditLogFixture(log, text)) {
            union = f.send(UNION);
            f.send(request().get("/?q=shoes"));
        }
        AuditLogFixture.Run x = cli("explain", "--audit-log", log.toString(), "--", union);
        assertEquals(0, x.status(), x.err());
        assertTrue(x.out().contains("Verdict   blocked: DENY, status 403, by rule 949110"), x.out());
        assertTrue(x.out().contains("(threshold 5, from the audit log; blocked at 5 or more)"), x.out());
        assertTrue(x.out().contains("rule 942100  " + crs.resolve("rules/REQUEST-942-APPLICATION-ATTACK-SQLI.conf")),
                x.out());
        assertTrue(x.out().contains("ctl:ruleRemoveTargetById=942100;ARGS:comment,"), x.out());
        assertTrue(x.out().contains("rule 949110  ") && x.out().contains("anomaly evaluation"), x.out());
        assertFalse(x.out().contains("ruleRemoveTargetById=949110"), x.out());

        AuditLogFixture.Run t = cli("tune", "--audit-log", log.toString());
        assertEquals(0, t.status(), t.err());
        assertTrue(t.out().contains("; 1 look like attacks and are not counted."), t.out());
        assertTrue(t.out().contains("Proposed 0 exclusions."), t.out());
    }
}
