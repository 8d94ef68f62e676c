package dev.bulwark.waf.cli;

import static dev.bulwark.waf.cli.AuditLogFixture.SCORING_RULES;
import static dev.bulwark.waf.cli.AuditLogFixture.blocked;
import static dev.bulwark.waf.cli.AuditLogFixture.cli;
import static dev.bulwark.waf.cli.AuditLogFixture.compile;
import static dev.bulwark.waf.cli.AuditLogFixture.post;
import static dev.bulwark.waf.cli.AuditLogFixture.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.waf.RuleSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tune}: grouping, ranking, the benign heuristic, and the proposed file. */
class TuneCommandTest {

    static final AuditLogFixture.Request FP_POST = post("/post", "comment=Please+select+a+size");
    static final AuditLogFixture.Request FP_SEARCH = request().get("/search?q=select");
    static final AuditLogFixture.Request SQLI_POST =
            post("/post", "comment=1%27+union+select+password+from+users+--+");
    static final AuditLogFixture.Request FP_AGENT =
            request().header("User-Agent", "Accessibility scanner").get("/health");

    @TempDir
    Path dir;

    Path log;
    String fpPost1;
    String sqli;
    String scannerSpray;

    @BeforeEach
    void writeLog() throws Exception {
        log = dir.resolve("audit.json");
        try (AuditLogFixture f = new AuditLogFixture(log, SCORING_RULES)) {
            fpPost1 = f.send(FP_POST.client("198.51.100.1"));
            f.send(post("/post", "comment=Please+select+a+size").client("198.51.100.2"));
            // the same key in another case is the same field
            f.send(post("/post", "Comment=select+one").client("198.51.100.2"));
            f.send(FP_SEARCH.client("198.51.100.3"));
            sqli = f.send(SQLI_POST.client("192.0.2.66"));
            scannerSpray = f.send(post("/contact", "name=select&email=select&message=%3Cscript%3E")
                    .client("192.0.2.66"));
            f.send(FP_AGENT.client("198.51.100.4"));
            f.send(post("/post", "comment=hello").client("198.51.100.5"));
        }
    }

    /** The "count benign clients rule field path proposal" rows, by field and path. */
    private static String row(String out, String field, String path) {
        for (String line : out.split("\n")) {
            String[] cols = line.trim().split("\\s+", 7);
            if (cols.length == 7 && cols[4].equals(field) && cols[5].equals(path)) {
                return line.trim();
            }
        }
        throw new AssertionError("no row for " + field + " " + path + " in\n" + out);
    }

    @Test
    void groupsRanksAndHoldsBackWhatLooksLikeAttacks() {
        AuditLogFixture.Run r = cli("tune", "--audit-log", log.toString());
        assertEquals(0, r.status(), r.err());
        String out = r.out();
        assertTrue(out.startsWith("Read 8 transactions from " + log + "; 2 look like attacks and are not counted."),
                out);
        // count, benign, clients, rule, field, path, fate
        assertTrue(row(out, "ARGS:comment", "/post").matches(
                "4 +3 +2 +1001 +ARGS:comment +/post +held back: 1 of 4 requests look like attacks.*"),
                row(out, "ARGS:comment", "/post"));
        assertTrue(row(out, "ARGS:q", "/search").matches("1 +1 +1 +1001 +ARGS:q +/search +proposed: id 10000"),
                out);
        assertTrue(row(out, "REQUEST_HEADERS:User-Agent", "/health").matches(
                "1 +1 +1 +1004 +REQUEST_HEADERS:User-Agent +/health +proposed: SecRuleUpdateTargetById"), out);
        assertTrue(row(out, "ARGS:comment", "/post").startsWith("4 "), "the biggest group ranks first");
        assertTrue(out.indexOf("ARGS:comment") < out.indexOf("ARGS:q"), out);
        // the libinjection match and the spray over three fields are attacks: never proposed
        assertTrue(row(out, "ARGS:email", "/contact").endsWith("held back: every request looks like an attack"),
                out);
        assertTrue(out.contains("Proposed 2 exclusions:"), out);
        assertFalse(out.contains("ctl:ruleRemoveTargetById=1001;ARGS:comment"), out);
        assertFalse(out.contains("/contact\""), out);
        assertFalse(out.contains("ruleRemoveById"), out);
    }

    @Test
    void includeMixedProposesGroupsWithAttacksAndSaysSo() throws Exception {
        Path out = dir.resolve("exclusions.conf");
        AuditLogFixture.Run r = cli("tune", "--audit-log", log.toString(), "--include-mixed", "--out",
                out.toString(), "--first-id", "20000");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("Proposed 3 exclusions; wrote " + out + "."), r.out());
        String file = Files.readString(out, StandardCharsets.ISO_8859_1);
        // ranked: /post (4) first, then the two groups of 1 by rule id
        String post = "# Rule 1001 \"SQL keyword\" on ARGS:comment at /post\n"
                + "#   3 requests from 2 clients (and 1 attack-looking, not counted: --verify them)\n"
                + "#   e.g. incident " + fpPost1 + ", matched \"please select a size\"\n"
                + "SecRule REQUEST_FILENAME \"@streq /post\" \\\n    \"id:20000,\\\n";
        assertTrue(file.contains(post), file);
        assertTrue(file.contains("ctl:ruleRemoveTargetById=1001;ARGS:comment\"\n"), file);
        assertEquals(List.of("20000", "20001"), ids(file));
        assertTrue(file.contains("SecRuleUpdateTargetById 1004 \"!REQUEST_HEADERS:User-Agent\"\n"), file);
        assertTrue(file.indexOf("ARGS:comment") < file.indexOf("ARGS:q"), file);

        // what it proposes loads after the rules, lets the false positives through, and keeps the attacks out
        RuleSet tuned = compile(SCORING_RULES + "\n" + file);
        assertFalse(blocked(tuned, FP_POST));
        assertFalse(blocked(tuned, FP_SEARCH));
        assertFalse(blocked(tuned, FP_AGENT));
        assertTrue(blocked(tuned, SQLI_POST), "libinjection still scores the excluded field");
        assertTrue(blocked(tuned, post("/post", "title=select")), "other fields are still inspected");
        assertTrue(blocked(tuned, post("/other", "comment=select")), "other paths are still inspected");
    }

    @Test
    void minCountHoldsBackRareGroups() {
        AuditLogFixture.Run r = cli("tune", "--audit-log", log.toString(), "--min-count", "2", "--include-mixed");
        assertEquals(0, r.status(), r.err());
        assertTrue(row(r.out(), "ARGS:q", "/search").endsWith("held back: only 1 benign-looking request, "
                + "--min-count is 2"), r.out());
        assertTrue(row(r.out(), "ARGS:comment", "/post").endsWith("proposed: id 10000"), r.out());
        assertTrue(r.out().contains("Proposed 1 exclusion:"), r.out());
    }

    @Test
    void markedAttacksAreNotCounted() {
        AuditLogFixture.Run r = cli("tune", "--audit-log", log.toString(), "--attack", fpPost1, "--attack",
                "NotInTheLog");
        assertTrue(r.out().contains("3 look like attacks and are not counted."), r.out());
        assertTrue(row(r.out(), "ARGS:comment", "/post").matches("4 +2 +1 +1001 .*held back: 2 of 4 requests.*"),
                r.out());
        assertTrue(r.out().contains("warning: --attack NotInTheLog is not in the log"), r.out());
    }

    @Test
    void matchesWithoutATargetAreNeverProposed() throws Exception {
        Path countLog = dir.resolve("count.json");
        try (AuditLogFixture f = new AuditLogFixture(countLog,
                "SecRule &ARGS:debug \"@eq 1\" \"id:1006,phase:2,deny,log\"")) {
            f.send(request().get("/status?debug=1"));
            f.send(request().get("/status?debug=1"));
        }
        AuditLogFixture.Run r = cli("tune", "--audit-log", countLog.toString());
        assertEquals(0, r.status());
        assertTrue(row(r.out(), "&ARGS:debug", "/status").contains("held back: no target can name this match"),
                r.out());
        assertTrue(r.out().contains("Proposed 0 exclusions."), r.out());
    }

    @Test
    void emptyAndMalformedLogs() throws Exception {
        Path empty = dir.resolve("empty.json");
        Files.writeString(empty, "garbage\n\n");
        AuditLogFixture.Run r = cli("tune", "--audit-log", empty.toString());
        assertEquals(0, r.status());
        assertTrue(r.out().startsWith("Read 0 transactions from " + empty + " (1 line skipped)"), r.out());
        assertTrue(r.out().contains("No detection rule matched in these transactions."), r.out());
        assertTrue(r.err().contains("warning: skipped 1 line"), r.err());
        AuditLogFixture.Run missing = cli("tune", "--audit-log", dir.resolve("nope.json").toString());
        assertEquals(1, missing.status());
        assertTrue(missing.err().contains("cannot read the audit log"), missing.err());
    }

    @Test
    void severalLogsAreReadTogether() throws Exception {
        Path second = dir.resolve("audit.json.1");
        try (AuditLogFixture f = new AuditLogFixture(second, SCORING_RULES)) {
            f.send(FP_SEARCH.client("198.51.100.9"));
        }
        AuditLogFixture.Run r = cli("tune", "--audit-log", log.toString(), "--audit-log", second.toString());
        assertTrue(r.out().startsWith("Read 9 transactions"), r.out());
        assertTrue(row(r.out(), "ARGS:q", "/search").matches("2 +2 +2 +1001 .*"), r.out());
    }

    @Test
    void theHeuristic() {
        Anomaly unknown = new Anomaly(null, null, null);
        assertNull(Suspicion.reason(entry("a", msg(1001, "ARGS:comment", "@rx select")), unknown, Set.of()));
        assertEquals("marked with --attack",
                Suspicion.reason(entry("a", msg(1001, "ARGS:comment", "@rx select")), unknown, Set.of("a")));
        assertEquals("libinjection rule 942100 matched ARGS:q",
                Suspicion.reason(entry("a", msg(942100, "ARGS:q", "@detectSQLi")), unknown, Set.of()));
        assertEquals("libinjection rule 941100 matched ARGS:q",
                Suspicion.reason(entry("a", msg(941100, "ARGS:q", "@detectXSS")), unknown, Set.of()));
        assertEquals("3 different detection rules matched", Suspicion.reason(entry("a",
                msg(1, "ARGS:q", "@rx a"), msg(2, "ARGS:q", "@rx b"), msg(3, "ARGS:q", "@rx c")), unknown, Set.of()));
        assertEquals("detections in 3 different fields", Suspicion.reason(entry("a",
                msg(1, "ARGS:a", "@rx a"), msg(1, "ARGS:b", "@rx a"), msg(1, "ARGS:c", "@rx a")), unknown, Set.of()));
        // two rules on one field: benign by rule and field count; then the score decides
        AuditEntry two = entry("a", msg(1, "ARGS:q", "@rx a"), msg(2, "ARGS:q", "@rx b"));
        assertNull(Suspicion.reason(two, new Anomaly(10L, 5L, "audit log"), Set.of()), "twice the threshold is fine");
        assertEquals("anomaly score 11 is more than 2 times the threshold 5",
                Suspicion.reason(two, new Anomaly(11L, 5L, "audit log"), Set.of()));
        assertNull(Suspicion.reason(two, new Anomaly(50L, null, null), Set.of()), "no threshold, no comparison");
        // the matched value itself, read by libinjection, for rules that do not run it
        assertEquals("libinjection reads the value rule 7 matched in ARGS:q as SQL injection (sUEnk)",
                Suspicion.reason(entry("a", msg(7, "ARGS:q", "@rx union", "1' union select password from users -- ")),
                        unknown, Set.of()));
        assertEquals("libinjection reads the value rule 8 matched in ARGS:q as XSS", Suspicion.reason(
                entry("a", msg(8, "ARGS:q", "@rx <script", "<script>alert(1)</script>")), unknown, Set.of()));
        assertNull(Suspicion.reason(entry("a", msg(9, "ARGS:q", "@rx '--", "log in as admin'-- then open settings")),
                unknown, Set.of()), "prose with a quote and a dash-dash is not SQL to libinjection");
        // evaluation matches and phase-5 matches are not detections
        AuditMessage evaluation = new AuditMessage(1999, "r", 1, 2, "", "", 2, List.of("anomaly-evaluation"),
                "TX:score", "15", 2, "@ge 5", true);
        AuditMessage reporting = new AuditMessage(980170, "r", 1, 5, "", "", 2, List.of(), "ARGS:x", "", 0,
                "@rx .", false);
        assertNull(Suspicion.reason(entry("a", msg(1, "ARGS:q", "@rx a"), msg(2, "ARGS:q", "@rx b"), evaluation,
                reporting), unknown, Set.of()));
    }

    private static AuditMessage msg(long rule, String variable, String operator) {
        return msg(rule, variable, operator, "v");
    }

    private static AuditMessage msg(long rule, String variable, String operator, String matched) {
        return new AuditMessage(rule, "rules.conf", 1, 2, "m", "", 2, List.of(), variable, matched, matched.length(),
                operator, false);
    }

    private static AuditEntry entry(String id, AuditMessage... messages) {
        return new AuditEntry("test", id, "", "192.0.2.1", 1, "10.0.0.1", 80, "GET", "/", "1.1", List.of(), null,
                -1, "ABCFHKZ", "On", "DENY", 403, 1999, Map.of(), List.of(messages));
    }

    /** The ids in the proposed file, in order. */
    static List<String> ids(String file) {
        Matcher m = Pattern.compile("\"id:(\\d+),").matcher(file);
        return m.results().map(x -> x.group(1)).toList();
    }
}
