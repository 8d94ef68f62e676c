package dev.bulwark.waf.cli;

import static dev.bulwark.waf.cli.AuditLogFixture.SCORING_RULES;
import static dev.bulwark.waf.cli.AuditLogFixture.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading audit log lines back: fields, byte strings, and lines that are not records. */
class CliAuditLogReaderTest {

    @TempDir
    Path dir;

    private List<AuditEntry> readAll(Path file, AuditLogReader reader) throws IOException {
        List<AuditEntry> out = new ArrayList<>();
        reader.read(file, line -> true, out::add);
        return out;
    }

    @Test
    void readsWhatBulwarkWrites() throws Exception {
        Path log = dir.resolve("audit.json");
        String id;
        try (AuditLogFixture f = new AuditLogFixture(log, SCORING_RULES)) {
            // the body holds raw bytes 0xE9 and 0x00 (as %-escapes they are decoded into ARGS)
            id = f.send(post("/post?x=%C3%A9", "comment=caf%C3%A9+select%00&raw=\u00e9"));
        }
        List<AuditEntry> entries = readAll(log, new AuditLogReader());
        assertEquals(1, entries.size());
        AuditEntry e = entries.get(0);
        assertEquals(id, e.id());
        assertEquals(log + ":1", e.source());
        assertEquals("203.0.113.7", e.clientIp());
        assertEquals("POST", e.method());
        assertEquals("/post?x=%C3%A9", e.uri());
        assertEquals("1.1", e.httpVersion());
        assertEquals("POST /post?x=%C3%A9 HTTP/1.1", e.requestLine());
        assertEquals("comment=caf%C3%A9+select%00&raw=\u00e9", e.requestBody(), "the body's raw byte 0xE9 is back");
        assertEquals("application/x-www-form-urlencoded", e.header("content-type"));
        assertEquals("DENY", e.outcome());
        assertEquals(403, e.status());
        assertEquals(1999, e.interruptingRuleId());
        assertTrue(e.blocked());
        assertEquals("On", e.engineMode());
        assertEquals("ABCFHKZ", e.parts());
        assertEquals(5L, e.anomalyScore("inbound_anomaly_score_threshold"));
        assertEquals(5L, e.anomalyScore("blocking_inbound_anomaly_score"));

        AuditMessage m = e.messages().get(0);
        assertEquals(1001, m.ruleId());
        assertEquals("rules.conf", m.file());
        assertEquals(4, m.line());
        assertEquals(2, m.phase());
        assertEquals("SQL keyword", m.message());
        assertEquals("ARGS:comment", m.variable());
        // after t:lowercase; the UTF-8 bytes of é and the NUL byte come back as single bytes
        assertEquals("caf\u00c3\u00a9 select\u0000", m.matched());
        assertEquals(13, m.matchedLength());
        assertEquals("@rx select", m.operator());
        assertFalse(m.disruptive());
        AuditMessage evaluation = e.messages().get(e.messages().size() - 1);
        assertEquals(1999, evaluation.ruleId());
        assertTrue(evaluation.disruptive());
        assertTrue(evaluation.hasTag("ANOMALY-evaluation"));
    }

    @Test
    void withoutPartKTheMatchSentenceIsUsed() throws Exception {
        Path log = dir.resolve("audit.json");
        try (AuditLogFixture f = new AuditLogFixture(log, SCORING_RULES, "ABHZ")) {
            f.send(post("/post", "comment=x+select+y"));
        }
        AuditEntry e = readAll(log, new AuditLogReader()).get(0);
        AuditMessage m = e.messages().get(0);
        assertEquals("ARGS:comment", m.variable());
        assertEquals("x select y", m.matched());
        assertEquals("@rx select", m.operator());
        assertEquals(-1, m.phase());
        assertEquals(-1, m.matchedLength());
        assertNull(e.requestBody(), "part C was not logged");
        assertNotNull(e.requestHeaders());
    }

    @Test
    void matchSentenceWithTextThatLooksLikeItsOwnSeparators() {
        AuditEntry.MatchSentence s = AuditEntry.MatchSentence.parse("Matched \"Operator `Rx' with parameter "
                + "`a' against variable `b' against variable `ARGS:q' (Value: `x' (Value: `y' )");
        assertEquals("@rx a", s.operator());
        assertEquals("b' against variable `ARGS:q", s.variable(), "best effort: the first separators win");
        assertEquals("", AuditEntry.MatchSentence.parse("something else").variable());
    }

    @Test
    void malformedLinesAreSkippedCountedAndDescribed() throws Exception {
        Path log = dir.resolve("audit.json");
        try (AuditLogFixture f = new AuditLogFixture(log, SCORING_RULES)) {
            f.send(post("/a", "comment=select"));
            f.send(post("/b", "comment=hello"));
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
        String good1 = lines.get(0);
        String good2 = lines.get(1);
        String text = String.join("\n",
                "not json at all",
                good1,
                "",
                good1.substring(0, 100),
                "[1,2,3]",
                "{\"transaction\":{\"client_ip\":\"x\"}}",
                "{\"transaction\":{\"unique_id\":\"abc\",\"messages\":\"wrong type\",\"request\":[]}}",
                "{\"other\":1}",
                good2) + "\n";
        Files.writeString(log, text, StandardCharsets.ISO_8859_1);
        AuditLogReader reader = new AuditLogReader();
        List<AuditEntry> entries = readAll(log, reader);
        assertEquals(3, entries.size(), "two good lines, and one record with odd fields (read leniently)");
        assertEquals("abc", entries.get(1).id());
        assertTrue(entries.get(1).messages().isEmpty());
        assertEquals("", entries.get(1).method());
        assertEquals(9, reader.lines());
        assertEquals(5, reader.skipped());
        List<String> problems = reader.problems();
        assertEquals(AuditLogReader.PROBLEMS_KEPT, problems.size());
        assertTrue(problems.get(0).startsWith(log + ":1: "), problems.get(0));
        assertTrue(problems.get(1).startsWith(log + ":4: "), problems.get(1));
        assertTrue(problems.get(3).contains(":6: no \"unique_id\""), problems.get(3));
        assertTrue(reader.skippedSummary().startsWith("warning: skipped 5 lines that are not audit records"));
    }

    @Test
    void gzipFilesAreRead() throws Exception {
        Path log = dir.resolve("audit.json");
        try (AuditLogFixture f = new AuditLogFixture(log, SCORING_RULES)) {
            f.send(post("/a", "comment=select"));
        }
        Path gz = dir.resolve("audit.json.1.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(log));
        }
        assertEquals(1, readAll(gz, new AuditLogReader()).size());
        Path notGz = dir.resolve("plain.gz");
        Files.writeString(notGz, "{}");
        IOException e = assertThrows(IOException.class, () -> readAll(notGz, new AuditLogReader()));
        assertTrue(e.getMessage().contains("not a gzip file"), e.getMessage());
    }

    @Test
    void theConsumerCanStopEarly() throws Exception {
        Path log = dir.resolve("audit.json");
        try (AuditLogFixture f = new AuditLogFixture(log, SCORING_RULES)) {
            f.send(post("/a", "comment=1"));
            f.send(post("/b", "comment=2"));
            f.send(post("/c", "comment=3"));
        }
        AuditLogReader reader = new AuditLogReader();
        List<AuditEntry> seen = new ArrayList<>();
        boolean more = reader.read(log, line -> true, e -> {
            seen.add(e);
            return seen.size() < 2;
        });
        assertFalse(more);
        assertEquals(2, seen.size());
        assertEquals(2, reader.lines());
    }
}
