package dev.bulwark.waf.internal.audit;

import static dev.bulwark.waf.internal.audit.JsonText.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.waf.RuleSet;
import dev.bulwark.waf.Transaction;
import dev.bulwark.waf.WafConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entry point, end to end: rules with SecAudit* directives, transactions, the file. */
class AuditLogTest {

    @TempDir
    Path dir;

    @Test
    void recordWhenRelevantOnlyThenOnlyTheAttackIsWritten() throws IOException {
        Path file = dir.resolve("audit.json");
        RuleSet rules = AuditFixtures.rules(AuditFixtures.RULES + "\nSecAuditEngine RelevantOnly\n"
                + "SecAuditLog " + file + "\nSecComponentSignature \"OWASP_CRS/4.28.0\"");
        AuditLog audit = AuditLog.open(rules, "unit test");
        assertTrue(audit.enabled());

        AuditFixtures.Exchange benign = AuditFixtures.exchange().request("GET", "/?q=hello");
        Transaction ok = benign.run(rules);
        assertFalse(audit.wants(ok, 200));
        audit.record(ok, benign.request(), benign.response());

        AuditFixtures.Exchange attack = AuditFixtures.exchange().request("GET", "/?q=%3Cscript%3E");
        Transaction blocked = attack.run(rules);
        assertTrue(audit.wants(blocked, 403));
        audit.record(blocked, attack.request(), attack.response());
        audit.close(Duration.ofSeconds(30));

        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        assertEquals(1, lines.size(), lines::toString);
        Map<String, Object> t = at(JsonText.object(lines.get(0)), "transaction");
        assertEquals(blocked.id(), t.get("unique_id"));
        assertEquals("/?q=%3Cscript%3E", at(t, "request", "uri"));
        assertEquals("941100", at(t, "messages", 0, "details", "ruleId"));
        assertEquals("ARGS:q", at(t, "messages", 0, "bulwark", "variable"));
        assertEquals(List.of("OWASP_CRS/4.28.0"), at(t, "producer", "components"));
        assertTrue(((String) at(t, "producer", "modsecurity")).startsWith("Bulwark v"));
        assertEquals(1, audit.written());
        assertEquals(0, audit.dropped());
        assertEquals(0, audit.writeErrors());
    }

    @Test
    void openWhenNoFileConfiguredThenRecordsNothing() throws IOException {
        RuleSet rules = AuditFixtures.rules(AuditFixtures.RULES);
        AuditLog audit = AuditLog.open(rules, "unit test");
        assertSame(AuditLog.disabled(), audit);
        assertFalse(audit.enabled());
        AuditFixtures.Exchange attack = AuditFixtures.exchange().request("GET", "/?q=%3Cscript%3E");
        Transaction tx = attack.run(rules);
        assertFalse(audit.wants(tx, 403));
        audit.record(tx, attack.request(), attack.response());
        assertEquals(0, audit.written());
        audit.close();
    }

    @Test
    void recordWhenBuilderRedirectsTheLogThenBuilderFileIsUsed() throws IOException {
        Path file = dir.resolve("from-builder.json");
        RuleSet rules = AuditFixtures.rules("SecAuditEngine Off\nSecAuditLog " + dir.resolve("from-rules.json"),
                WafConfig.builder().auditEngine(dev.bulwark.waf.AuditEngine.ON).auditLog(file));
        AuditLog audit = AuditLog.open(rules, "unit test");
        AuditFixtures.Exchange any = AuditFixtures.exchange();
        audit.record(any.run(rules), any.request(), any.response());
        audit.close(Duration.ofSeconds(30));
        assertEquals(1, Files.readAllLines(file).size());
        assertFalse(Files.exists(dir.resolve("from-rules.json")));
    }

    @Test
    void recordWhenSnapshotIsBrokenThenCountedNeverThrown() throws IOException {
        Path file = dir.resolve("audit.json");
        RuleSet rules = AuditFixtures.rules("SecAuditEngine On\nSecAuditLog " + file);
        AuditLog audit = AuditLog.open(rules, "unit test");
        AuditFixtures.Exchange any = AuditFixtures.exchange();
        audit.record(any.run(rules), null, any.response());
        audit.close(Duration.ofSeconds(30));
        assertEquals(1, audit.writeErrors());
        assertEquals(0, audit.written());
    }

    @Test
    void versionAndServerIdWhenAskedThenStable() {
        assertFalse(AuditLog.version().isEmpty());
        assertTrue(AuditLog.serverId().matches("[0-9a-f]{40}"), AuditLog.serverId());
        assertEquals(AuditLog.serverId(), AuditLog.serverId());
    }
}
