package dev.bulwark.waf.cli;

import static dev.bulwark.waf.cli.AuditLogFixture.SCORING_RULES;
import static dev.bulwark.waf.cli.AuditLogFixture.cli;
import static dev.bulwark.waf.cli.AuditLogFixture.post;
import static dev.bulwark.waf.cli.AuditLogFixture.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tune --verify}: the logged requests replayed through the rules without and with the proposals. */
class TuneVerifyTest {

    @TempDir
    Path dir;

    private Path rules(String text) throws Exception {
        Path p = dir.resolve("rules-" + System.nanoTime() + ".conf");
        Files.writeString(p, text);
        return p;
    }

    /** False positives on three fields, a libinjection attack on one of them, a spray over three fields. */
    private Path mixedLog() throws Exception {
        Path log = dir.resolve("audit.json");
        try (AuditLogFixture f = new AuditLogFixture(log, SCORING_RULES)) {
            f.send(post("/post", "comment=Please+select+a+size").client("198.51.100.1"));
            f.send(post("/post", "comment=Please+select+a+colour").client("198.51.100.2"));
            f.send(request().get("/search?q=select").client("198.51.100.3"));
            f.send(request().header("User-Agent", "Accessibility scanner").get("/health").client("198.51.100.4"));
            f.send(post("/post", "comment=1%27+union+select+password+from+users+--+").client("192.0.2.66"));
            f.send(post("/contact", "name=select&email=select&message=%3Cscript%3E").client("192.0.2.66"));
            f.send(post("/post", "comment=hello").client("198.51.100.5"));
        }
        return log;
    }

    @Test
    void passes() throws Exception {
        Path log = mixedLog();
        Path out = dir.resolve("exclusions.conf");
        AuditLogFixture.Run r = cli("tune", "--audit-log", log.toString(), "--rules", rules(SCORING_RULES).toString(),
                "--include-mixed", "--out", out.toString(), "--verify");
        assertEquals(0, r.status(), r.out() + r.err());
        String text = r.out();
        assertTrue(text.contains("Verification: replayed 7 logged requests through the rules (engine On), without "
                + "and with the proposed exclusions.\n"), text);
        assertTrue(text.contains("  blocked without the exclusions: 6; of these, 4 pass with them\n"), text);
        assertTrue(text.contains("  requests that look like attacks: 2, of which 2 blocked without the exclusions: "
                + "all still blocked with them\n"), text);
        assertTrue(text.endsWith("Verification passed.\n"), text);
        assertFalse(text.contains("not replayable"), text);
        assertFalse(text.contains("FAILED"), text);
        assertEquals("", r.err());
    }

    @Test
    void failsWhenAMarkedAttackWouldPass() throws Exception {
        Path log = dir.resolve("audit.json");
        String attack;
        try (AuditLogFixture f = new AuditLogFixture(log, SCORING_RULES)) {
            f.send(request().get("/search?q=select+a+size").client("198.51.100.3"));
            f.send(request().get("/search?q=how+to+select").client("198.51.100.4"));
            // nothing but the one keyword rule noticed it (no SQL, so no libinjection); the operator knows better
            attack = f.send(request().get("/search?q=select+%2Fetc%2Fpasswd").client("192.0.2.66"));
        }
        AuditLogFixture.Run r = cli("tune", "--audit-log", log.toString(), "--rules", rules(SCORING_RULES).toString(),
                "--include-mixed", "--attack", attack, "--verify");
        assertEquals(1, r.status(), r.out() + r.err());
        String text = r.out();
        assertTrue(text.contains("  blocked without the exclusions: 3; of these, 3 pass with them\n"), text);
        assertTrue(text.contains("  requests that look like attacks: 1, of which 1 blocked without the exclusions: "
                + "1 would now PASS\n"), text);
        assertTrue(text.contains("  FAILED: " + attack + "  GET /search?q=select+%2Fetc%2Fpasswd  (marked with --attack) "
                + "is blocked without the exclusions and passes with them\n"), text);
        assertTrue(text.endsWith("Verification FAILED: the exclusions let 1 attack-looking request through.\n"),
                text);
    }

    @Test
    void failsWhenTheRulesNoLongerSeeTheAttackElsewhere() throws Exception {
        // the log was written while a libinjection rule ran; the rules verified against no longer have it
        Path log = mixedLog();
        String withoutLibinjection = SCORING_RULES.replaceAll("(?m)^SecRule ARGS \"@detectSQLi\".*$", "");
        AuditLogFixture.Run r = cli("tune", "--audit-log", log.toString(), "--rules",
                rules(withoutLibinjection).toString(), "--include-mixed", "--verify");
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("(libinjection rule 1002 matched ARGS:comment) is blocked without the exclusions "
                + "and passes with them"), r.out());
    }

    @Test
    void withoutIncludeMixedTheAttackFieldIsNotTouched() throws Exception {
        Path log = mixedLog();
        AuditLogFixture.Run r = cli("tune", "--audit-log", log.toString(), "--rules", rules(SCORING_RULES).toString(),
                "--verify");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("  blocked without the exclusions: 6; of these, 2 pass with them\n"), r.out());
    }

    @Test
    void notesRedactedAndTruncatedRequestsAndLogsThatDisagree() throws Exception {
        Path log = dir.resolve("audit.json");
        try (AuditLogFixture f = new AuditLogFixture(log, SCORING_RULES)) {
            f.send(post("/login", "user=select&password=hunter2"));
            f.send(post("/post", "comment=select+" + "x".repeat(20_000)));
            f.send(post("/post", "comment=select+y"));
        }
        // replayed through rules that no longer have the keyword rule: what the log shows blocked now passes
        String fewer = SCORING_RULES.replaceAll("(?m)^SecRule ARGS \"@rx select\".*$",
                "SecRule ARGS:user \"@rx select\" \"id:1101,phase:2,pass,log,"
                        + "setvar:tx.blocking_inbound_anomaly_score=+5\"");
        AuditLogFixture.Run r = cli("tune", "--audit-log", log.toString(), "--rules", rules(fewer).toString(),
                "--verify");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("  note: 2 requests the log shows blocked pass these rules even without the "
                + "exclusions"), r.out());
        assertTrue(r.out().contains("  note: values the audit log redacted were replayed as \"[redacted]\" (1 request);"
                + " bodies cut at the log's cap were replayed in part (1)\n"), r.out());
    }

    @Test
    void logsWithoutRequestHeadersCannotBeVerified() throws Exception {
        Path log = dir.resolve("audit.json");
        try (AuditLogFixture f = new AuditLogFixture(log, SCORING_RULES, "AHKZ")) {
            f.send(post("/post", "comment=select"));
        }
        AuditLogFixture.Run r = cli("tune", "--audit-log", log.toString(), "--rules", rules(SCORING_RULES).toString(),
                "--verify");
        assertEquals(1, r.status());
        assertTrue(r.out().contains("  not replayable: 1 (request headers, or a body, not in the log"), r.out());
        assertTrue(r.err().contains("no logged request could be replayed: --verify needs audit logs with the "
                + "request headers and bodies (parts B and C"), r.err());
    }

    @Test
    void aBodyThatWasNotLoggedIsNotReplayed() throws Exception {
        Path log = dir.resolve("audit.json");
        try (AuditLogFixture f = new AuditLogFixture(log, SCORING_RULES, "ABHKZ")) {
            f.send(post("/post", "comment=select"));
            f.send(request().get("/search?q=select"));
        }
        AuditLogFixture.Run r = cli("tune", "--audit-log", log.toString(), "--rules", rules(SCORING_RULES).toString(),
                "--verify");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("replayed 1 logged request through"), r.out());
        assertTrue(r.out().contains("  not replayable: 1"), r.out());
    }

    @Test
    void nothingProposedNothingToVerify() throws Exception {
        Path log = dir.resolve("audit.json");
        try (AuditLogFixture f = new AuditLogFixture(log, SCORING_RULES)) {
            f.send(post("/post", "comment=hello"));
        }
        AuditLogFixture.Run r = cli("tune", "--audit-log", log.toString(), "--rules", rules(SCORING_RULES).toString(),
                "--verify");
        assertEquals(0, r.status());
        assertTrue(r.out().contains("nothing was proposed, so there is nothing to verify"), r.out());
    }

    @Test
    void rulesThatDoNotLoad() throws Exception {
        Path log = mixedLog();
        AuditLogFixture.Run r = cli("tune", "--audit-log", log.toString(), "--rules",
                rules("SecRule ARGS \"@rx (\" \"id:1,phase:2,deny\"").toString(), "--verify");
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("error: Rules could not be loaded"), r.err());
        AuditLogFixture.Run missing = cli("tune", "--audit-log", log.toString(), "--rules",
                dir.resolve("nope.conf").toString());
        assertEquals(1, missing.status());
        assertTrue(missing.err().contains("rules file not found"), missing.err());
    }
}
