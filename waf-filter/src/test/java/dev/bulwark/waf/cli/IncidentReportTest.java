package dev.bulwark.waf.cli;

import static dev.bulwark.waf.cli.AuditLogFixture.SCORING_RULES;
import static dev.bulwark.waf.cli.AuditLogFixture.cli;
import static dev.bulwark.waf.cli.AuditLogFixture.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link IncidentReport}: the public view of {@code explain}'s explanation says exactly what the command prints. */
class IncidentReportTest {

    @TempDir
    Path dir;

    private static String onlyLine(Path log) throws Exception {
        List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
        assertEquals(1, lines.size(), lines::toString);
        return lines.get(0);
    }

    @Test
    void reportMatchesTheCommandLine() throws Exception {
        Path log = dir.resolve("audit.json");
        String id;
        try (AuditLogFixture f = new AuditLogFixture(log, SCORING_RULES)) {
            id = f.send(post("/post?x=1", "title=Hello&comment=caf%C3%A9+select%5C"));
        }
        IncidentReport r = IncidentReport.parse(onlyLine(log), "audit.json:1");
        assertEquals(id, r.id());
        assertEquals("203.0.113.7", r.clientIp());
        assertEquals("POST /post?x=1 HTTP/1.1", r.requestLine());
        assertTrue(r.blocked());
        assertEquals(403, r.status());
        assertEquals("blocked: DENY, status 403, by rule 1999", r.verdict());
        assertEquals(5L, r.anomalyScore());
        assertEquals(5L, r.anomalyThreshold());
        assertEquals("audit.json:1", r.source());
        assertTrue(r.timeStamp().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), r.timeStamp());

        assertEquals(2, r.matches().size());
        IncidentReport.Match m = r.matches().get(0);
        assertEquals(1001, m.ruleId());
        assertEquals("SQL keyword", m.message());
        assertEquals("ARGS:comment", m.variable());
        assertEquals("caf\\xc3\\xa9 select\\\\", m.matched(), "bytes escaped as the command line shows them");
        assertEquals("rules.conf:4", m.location());
        assertEquals(2, m.phase());
        assertEquals("detection", m.role());
        assertEquals("@rx select", m.operator());
        assertFalse(m.truncated());
        assertEquals("anomaly evaluation", r.matches().get(1).role());

        // the suggestion is the command line's, piece by piece
        String printed = cli("explain", "--audit-log", log.toString(), "--", id).out();
        assertEquals(printed.replace(log.toString() + ":1", "audit.json:1"), r.text());
        assertEquals(2, r.suggestions().size());
        IncidentReport.Suggestion narrow = r.suggestions().get(0);
        assertFalse(narrow.global());
        assertTrue(narrow.note().startsWith("Narrowest exclusion: these rules skip only these fields, and only on "
                + "/post.\nPaste it after the rules"), narrow.note());
        assertEquals("SecRule REQUEST_FILENAME \"@streq /post\" \\\n    \"id:10000,\\\n    phase:1,\\\n    pass,\\\n"
                + "    nolog,\\\n    t:none,\\\n    ctl:ruleRemoveTargetById=1001;ARGS:comment\"", narrow.secLang());
        assertTrue(printed.contains(narrow.note() + "\n\n" + narrow.secLang() + "\n\n"), printed);
        IncidentReport.Suggestion global = r.suggestions().get(1);
        assertTrue(global.global());
        assertEquals("SecRuleUpdateTargetById 1001 \"!ARGS:comment\"", global.secLang());
    }

    @Test
    void nothingToExcludeIsOneNoteWithoutSecLang() throws Exception {
        Path log = dir.resolve("audit.json");
        try (AuditLogFixture f = new AuditLogFixture(log, SCORING_RULES)) {
            f.send(post("/post", "comment=hello"));
        }
        IncidentReport r = IncidentReport.parse(onlyLine(log), "x:1");
        assertFalse(r.blocked());
        assertEquals(List.of(), r.matches());
        assertEquals(List.of(new IncidentReport.Suggestion("No detection rule matched: there is nothing to exclude.",
                "", false)), r.suggestions());
    }

    @Test
    void aLineThatIsNotARecordIsRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IncidentReport.parse("{\"transaction\":{\"unique_id\":\"abc\"", "x:1"));
        assertFalse(e.getMessage().isEmpty());
        e = assertThrows(IllegalArgumentException.class, () -> IncidentReport.parse("{\"a\":1}", "x:1"));
        assertEquals("no \"transaction\" object", e.getMessage());
    }
}
