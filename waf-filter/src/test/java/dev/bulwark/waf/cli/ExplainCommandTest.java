package dev.bulwark.waf.cli;

import static dev.bulwark.waf.cli.AuditLogFixture.SCORING_RULES;
import static dev.bulwark.waf.cli.AuditLogFixture.cli;
import static dev.bulwark.waf.cli.AuditLogFixture.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code explain}: the report for logged transactions, text and JSON, and its errors. */
class ExplainCommandTest {

    @TempDir
    Path dir;

    @Test
    void explainsABlockedFormPost() throws Exception {
        Path log = dir.resolve("audit.json");
        String id;
        try (AuditLogFixture f = new AuditLogFixture(log, SCORING_RULES)) {
            f.send(post("/other", "a=b"));
            id = f.send(post("/post?x=1", "title=Hello&comment=Please+select+a+size"));
            f.send(post("/other", "a=c"));
        }
        AuditLogFixture.Run r = cli("explain", "--audit-log", log.toString(), "--", id);
        assertEquals(0, r.status(), r.err());
        String out = r.out();
        assertTrue(out.contains("Incident  " + id), out);
        assertTrue(out.contains("Request   POST /post?x=1 HTTP/1.1"), out);
        assertTrue(out.contains("Verdict   blocked: DENY, status 403, by rule 1999"), out);
        assertTrue(out.contains("Anomaly   score 5 (threshold 5, from the audit log; blocked at 5 or more)"), out);
        // the detection with its file:line (line 4 of the rules), phase, message, field and the matched bytes
        assertTrue(out.contains("1. rule 1001  rules.conf:4  phase 2  detection"), out);
        assertTrue(out.contains("SQL keyword"), out);
        assertTrue(out.contains("ARGS:comment = \"please select a size\""), out);
        assertTrue(out.contains("operator @rx select"), out);
        assertTrue(out.contains("2. rule 1999  rules.conf:8  phase 2  anomaly evaluation"), out);
        assertTrue(out.contains("SecRule REQUEST_FILENAME \"@streq /post\" \\\n    \"id:10000,\\\n    phase:1,\\\n"
                + "    pass,\\\n    nolog,\\\n    t:none,\\\n    ctl:ruleRemoveTargetById=1001;ARGS:comment\""), out);
        assertTrue(out.contains("Paste it after the rules"), out);
        assertTrue(out.contains("SecRuleUpdateTargetById 1001 \"!ARGS:comment\""), out);
        // never the whole rule, never the whole collection
        assertFalse(out.contains("ruleRemoveById"), out);
        assertFalse(out.contains("!ARGS\""), out);
        assertFalse(out.contains(";ARGS\""), out);
        assertEquals("", r.err());
    }

    @Test
    void matchedBytesAreShownEscaped() throws Exception {
        Path log = dir.resolve("audit.json");
        String id;
        try (AuditLogFixture f = new AuditLogFixture(log, SCORING_RULES)) {
            // "café\nselect" in UTF-8, a tab and a backslash
            id = f.send(post("/post", "comment=caf%C3%A9%0Aselect%09%5C"));
        }
        String out = cli("explain", "--audit-log", log.toString(), "--", id).out();
        assertTrue(out.contains("ARGS:comment = \"caf\\xc3\\xa9\\x0aselect\\x09\\\\\""), out);
        for (char c : out.toCharArray()) {
            assertTrue(c == '\n' || (c >= 0x20 && c < 0x7f), "non-ASCII or control char " + (int) c + " in output");
        }
    }

    @Test
    void firstIdAndJsonFormat() throws Exception {
        Path log = dir.resolve("audit.json");
        String id;
        try (AuditLogFixture f = new AuditLogFixture(log, SCORING_RULES)) {
            id = f.send(post("/post", "comment=select+one&title=select+two"));
        }
        AuditLogFixture.Run r = cli("explain", "--audit-log", log.toString(), "--format", "json", "--first-id",
                "42000", "--", id);
        assertEquals(0, r.status(), r.err());
        Map<String, Object> o = Json.object(r.out());
        assertEquals(id, o.get("unique_id"));
        Map<?, ?> verdict = (Map<?, ?>) o.get("verdict");
        assertEquals(Boolean.TRUE, verdict.get("blocked"));
        assertEquals(new BigDecimal(403), verdict.get("status"));
        assertEquals(new BigDecimal(1999), verdict.get("rule_id"));
        Map<?, ?> score = (Map<?, ?>) o.get("anomaly_score");
        assertEquals(new BigDecimal(10), score.get("total"));
        assertEquals(new BigDecimal(5), score.get("threshold"));
        List<?> matches = (List<?>) o.get("matches");
        assertEquals(3, matches.size());
        Map<?, ?> first = (Map<?, ?>) matches.get(0);
        assertEquals(new BigDecimal(1001), first.get("rule_id"));
        assertEquals("ARGS:comment", first.get("variable"));
        assertEquals("select one", first.get("matched"));
        assertEquals("detection", first.get("role"));
        Map<?, ?> ex = (Map<?, ?>) o.get("exclusion");
        String pathRule = (String) ex.get("path_rule");
        // one rule, one ctl action per target
        assertTrue(pathRule.contains("id:42000,"), pathRule);
        assertTrue(pathRule.contains("ctl:ruleRemoveTargetById=1001;ARGS:comment,\\\n"
                + "    ctl:ruleRemoveTargetById=1001;ARGS:title\""), pathRule);
        assertEquals(List.of("SecRuleUpdateTargetById 1001 \"!ARGS:comment|!ARGS:title\""), ex.get("global"));
        assertNull(ex.get("rule_removal"));
    }

    @Test
    void thresholdFromTheRulesWhenTheLogHasNone() throws Exception {
        Path log = dir.resolve("audit.json");
        String id;
        try (AuditLogFixture f = new AuditLogFixture(log, SCORING_RULES)) {
            id = f.send(post("/post", "comment=select"));
        }
        // an older writer that did not record the threshold
        String line = Files.readString(log, StandardCharsets.ISO_8859_1);
        assertTrue(line.contains("\"inbound_anomaly_score_threshold\":5,"), line);
        Files.writeString(log, line.replace("\"inbound_anomaly_score_threshold\":5,", ""),
                StandardCharsets.ISO_8859_1);

        AuditLogFixture.Run u = cli("explain", "--audit-log", log.toString(), "--", id);
        String unknown = u.out() + u.err();
        assertTrue(unknown.contains("Anomaly   score 5 (threshold unknown)"), unknown);

        Path rules = dir.resolve("rules.conf");
        Files.writeString(rules, SCORING_RULES);
        AuditLogFixture.Run r = cli("explain", "--audit-log", log.toString(), "--rules", rules.toString(), "--",
                id);
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("Anomaly   score 5 (threshold 5, from the rules; blocked at 5 or more)"),
                r.out());
    }

    @Test
    void thresholdFromTheEvaluationOperator() throws Exception {
        // Bulwark's bundled rules keep their score in tx.bulwark_score and compare with a number
        String rules = String.join("\n",
                "SecRequestBodyAccess On",
                "SecAction \"id:1,phase:1,pass,nolog,setvar:tx.bulwark_score=0\"",
                "SecRule ARGS \"@rx select\" \"id:1001,phase:2,pass,log,msg:'x',setvar:tx.bulwark_score=+5\"",
                "SecRule TX:bulwark_score \"@ge 5\" \"id:1900,phase:2,deny,status:403,log,"
                        + "tag:'anomaly-evaluation'\"");
        Path log = dir.resolve("audit.json");
        String id;
        try (AuditLogFixture f = new AuditLogFixture(log, rules)) {
            id = f.send(post("/post", "comment=select&x=select"));
        }
        String out = cli("explain", "--audit-log", log.toString(), "--", id).out();
        assertTrue(out.contains("Anomaly   score 10 (threshold 5, from the operator of rule 1900 in the audit log;"),
                out);
    }

    @Test
    void aDirectDenyRuleIsItsOwnDetection() throws Exception {
        Path log = dir.resolve("audit.json");
        String id;
        try (AuditLogFixture f = new AuditLogFixture(log,
                "SecRequestBodyAccess On\nSecRule ARGS \"@rx select\" \"id:1001,phase:2,deny,log,msg:'x'\"")) {
            id = f.send(post("/post", "comment=select"));
        }
        String out = cli("explain", "--audit-log", log.toString(), "--", id).out();
        assertTrue(out.contains("Verdict   blocked: DENY, status 403, by rule 1001"), out);
        assertTrue(out.contains("Anomaly   score total unknown (threshold unknown)"), out);
        assertTrue(out.contains("ctl:ruleRemoveTargetById=1001;ARGS:comment\""), out);
    }

    @Test
    void aPassedRequestWithoutMatches() throws Exception {
        Path log = dir.resolve("audit.json");
        String id;
        try (AuditLogFixture f = new AuditLogFixture(log, SCORING_RULES)) {
            id = f.send(post("/post", "comment=hello"));
        }
        AuditLogFixture.Run r = cli("explain", "--audit-log", log.toString(), "--", id);
        assertEquals(0, r.status());
        assertTrue(r.out().contains("Verdict   not blocked (PASS), status 200"), r.out());
        assertTrue(r.out().contains("No rule matched this request.\n"), r.out());
        assertTrue(r.out().contains("No detection rule matched: there is nothing to exclude."), r.out());
    }

    @Test
    void saysWhenTheLogHasNoMatchesToShow() throws Exception {
        Path log = dir.resolve("audit.json");
        String id;
        try (AuditLogFixture f = new AuditLogFixture(log, SCORING_RULES, "ABZ")) {
            id = f.send(post("/post", "comment=select"));
        }
        AuditLogFixture.Run r = cli("explain", "--audit-log", log.toString(), "--", id);
        assertEquals(0, r.status());
        assertTrue(r.out().contains("Verdict   blocked: DENY, status 403, by rule 1999"), r.out());
        assertTrue(r.out().contains("The log holds no rule matches for it: parts H and K were not logged (parts ABZ)."),
                r.out());
    }

    @Test
    void unknownIncidentIsExitOne() throws Exception {
        Path log = dir.resolve("audit.json");
        try (AuditLogFixture f = new AuditLogFixture(log, SCORING_RULES)) {
            f.send(post("/post", "comment=hello"));
        }
        AuditLogFixture.Run r = cli("explain", "--audit-log", log.toString(), "NoSuchIncident");
        assertEquals(1, r.status());
        assertEquals("", r.out());
        assertTrue(r.err().contains("incident NoSuchIncident is not in " + log + " (1 lines read)"), r.err());
    }

    @Test
    void unreadableLogIsExitOneWithItsName() {
        Path missing = dir.resolve("missing.json");
        AuditLogFixture.Run r = cli("explain", "--audit-log", missing.toString(), "x");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("cannot read the audit log " + missing + ": no such file"), r.err());
        AuditLogFixture.Run d = cli("explain", "--audit-log", dir.toString(), "x");
        assertEquals(1, d.status());
        assertTrue(d.err().contains("is a directory"), d.err());
    }

    @Test
    void rulesThatDoNotLoadAreExitOne() throws Exception {
        Path log = dir.resolve("audit.json");
        String id;
        try (AuditLogFixture f = new AuditLogFixture(log, SCORING_RULES)) {
            id = f.send(post("/post", "comment=select"));
        }
        String line = Files.readString(log, StandardCharsets.ISO_8859_1);
        Files.writeString(log, line.replace("\"inbound_anomaly_score_threshold\":5,", ""),
                StandardCharsets.ISO_8859_1);
        Path bad = dir.resolve("bad.conf");
        Files.writeString(bad, "SecRule ARGS \"@nosuchop x\" \"id:1\"\n");
        AuditLogFixture.Run r = cli("explain", "--audit-log", log.toString(), "--rules", bad.toString(), "--", id);
        assertEquals(1, r.status());
        assertTrue(r.err().contains("bad.conf:1"), r.err());
    }

    @Test
    void malformedLinesAreSkippedAndCounted() throws Exception {
        Path log = dir.resolve("audit.json");
        String id;
        try (AuditLogFixture f = new AuditLogFixture(log, SCORING_RULES)) {
            id = f.send(post("/post", "comment=select"));
        }
        String line = Files.readString(log, StandardCharsets.ISO_8859_1).trim();
        // a line cut by a crash that holds the id, then the complete line
        Files.writeString(log, line.substring(0, line.length() / 2) + "\n" + line + "\n",
                StandardCharsets.ISO_8859_1);
        AuditLogFixture.Run r = cli("explain", "--audit-log", log.toString(), "--", id);
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("warning: skipped 1 line that are not audit records"), r.err());
        assertTrue(r.err().contains(log + ":1: "), r.err());
        assertTrue(r.out().contains("Incident  " + id), r.out());
    }
}
