package dev.bulwark.waf.cli;

import static dev.bulwark.waf.cli.AuditLogFixture.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad command lines: exit status 2, the problem, then the usage text, on stderr. */
class CliUsageTest {

    @TempDir
    Path dir;

    private static void usageError(String expected, String... args) {
        AuditLogFixture.Run r = cli(args);
        assertEquals(2, r.status(), String.join(" ", args));
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("error: " + expected), r.err());
        assertTrue(r.err().contains("usage: java -jar waf-filter-VERSION-cli.jar COMMAND"), r.err());
    }

    @Test
    void usageErrors() {
        usageError("no command given");
        usageError("unknown command 'explian'", "explian");
        usageError("explain needs --audit-log FILE", "explain", "abc");
        usageError("explain needs an INCIDENT_ID", "explain", "--audit-log", "a.json");
        usageError("explain takes one INCIDENT_ID, got 2: a b", "explain", "--audit-log", "a.json", "a", "b");
        usageError("--format must be text or json, not 'xml'", "explain", "--audit-log", "a.json", "--format",
                "xml", "x");
        usageError("--first-id needs a whole number, not 'ten'", "explain", "--audit-log", "a", "--first-id", "ten",
                "x");
        usageError("--first-id must be at least 1, not 0", "explain", "--audit-log", "a", "--first-id", "0", "x");
        usageError("--audit-log needs a value", "explain", "x", "--audit-log");
        usageError("unknown option --audit (an operand that starts with --", "explain", "--audit", "a", "x");
        usageError("--format given more than once", "explain", "--audit-log", "a", "--format", "json", "--format",
                "text", "x");
        usageError("tune needs --audit-log FILE", "tune");
        usageError("--verify needs --rules", "tune", "--audit-log", "a.json", "--verify");
        usageError("--min-count must be at least 1, not 0", "tune", "--audit-log", "a.json", "--min-count", "0");
        usageError("tune takes no operands, got: extra", "tune", "--audit-log", "a.json", "extra");
        usageError("--verify takes no value", "tune", "--audit-log", "a.json", "--verify=yes");
    }

    @Test
    void helpIsExitZeroOnStdout() {
        AuditLogFixture.Run r = cli("help");
        assertEquals(0, r.status());
        assertTrue(r.out().contains("explain --audit-log FILE"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void anIdThatStartsWithADashIsAnOperand() throws Exception {
        Path log = dir.resolve("audit.json");
        Files.writeString(log, "{\"transaction\":{\"unique_id\":\"-abc\",\"request\":{\"method\":\"GET\","
                + "\"uri\":\"/\"},\"messages\":[]}}\n");
        AuditLogFixture.Run r = cli("explain", "--audit-log=" + log, "-abc");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("Incident  -abc"), r.out());
        Files.writeString(log, "{\"transaction\":{\"unique_id\":\"--abc\"}}\n");
        assertEquals(0, cli("explain", "--audit-log", log.toString(), "--", "--abc").status());
    }
}
