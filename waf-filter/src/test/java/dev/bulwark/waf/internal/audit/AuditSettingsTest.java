package dev.bulwark.waf.internal.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.waf.AuditEngine;
import dev.bulwark.waf.RuleLoadError;
import dev.bulwark.waf.RuleLoadException;
import dev.bulwark.waf.RuleSet;
import dev.bulwark.waf.RuleSource;
import dev.bulwark.waf.Transaction;
import dev.bulwark.waf.WafConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** SecAudit* directives, WafConfig overrides, and which transactions are recorded. */
class AuditSettingsTest {

    // ---- relevant status ----

    @Test
    void defaultRelevantStatusWhenAnyStatusThenSameAnswerAsModSecurityLookahead() {
        // java.util.regex is the reference here (test only): it has the lookahead RE2 lacks
        Pattern pcre = Pattern.compile(AuditSettings.RECOMMENDED_PCRE_STATUS);
        AuditSettings s = AuditSettings.defaults();
        List<String> inputs = new ArrayList<>();
        for (int status = 0; status <= 9999; status++) {
            inputs.add(Integer.toString(status));
        }
        inputs.addAll(List.of("", "4", "40", "404", "4040", "40x", "4x", "04", "5", "x404"));
        int relevant = 0;
        for (String in : inputs) {
            boolean expected = pcre.matcher(in).find();
            assertEquals(expected, s.relevantStatusFinds(in), in);
            relevant += expected ? 1 : 0;
        }
        assertTrue(relevant > 1000, "the comparison saw both answers");
        assertTrue(s.isRelevantStatus(403));
        assertTrue(s.isRelevantStatus(500));
        assertTrue(s.isRelevantStatus(414));
        assertFalse(s.isRelevantStatus(404));
        assertFalse(s.isRelevantStatus(200));
        assertFalse(s.isRelevantStatus(0), "no status sent (dropped connection) is not a status");
    }

    @Test
    void relevantStatusWhenModSecurityRecommendedTextThenReadAsTheRe2Equivalent() {
        AuditSettings s = settings("SecAuditLogRelevantStatus \"^(?:5|4(?!04))\"");
        assertEquals(AuditSettings.DEFAULT_RELEVANT_STATUS, s.relevantStatus());
        AuditSettings custom = settings("SecAuditLogRelevantStatus ^5");
        assertTrue(custom.isRelevantStatus(502));
        assertFalse(custom.isRelevantStatus(403));
        AuditSettings none = settings("SecAuditLogRelevantStatus \"\"");
        assertFalse(none.isRelevantStatus(500));
    }

    // ---- directives ----

    @Test
    void directivesWhenAllSetThenSettingsFollowThem() {
        AuditSettings s = settings(String.join("\n",
                "SecAuditEngine On",
                "SecAuditLog /var/log/bulwark/audit.json",
                "SecAuditLogParts ABIJDEFHZ",
                "SecAuditLogFormat JSON",
                "SecAuditLogType Serial",
                "SecAuditLogFileMode 0600",
                "SecAuditLogDirMode 0750",
                "SecComponentSignature \"OWASP_CRS/4.28.0\""));
        assertEquals(AuditEngine.ON, s.engine());
        assertEquals(Path.of("/var/log/bulwark/audit.json"), s.path());
        assertEquals("ABDEFHIJZ", s.parts().toString());
        assertEquals(0600, s.fileMode());
        assertEquals(List.of("OWASP_CRS/4.28.0"), s.components());
        assertTrue(s.redaction().enabled());
    }

    @Test
    void defaultsWhenNoDirectiveThenRelevantOnlyWithoutFile() {
        AuditSettings s = AuditFixtures.rules("SecRule ARGS \"x\" \"id:1\"").auditSettings();
        assertEquals(AuditEngine.RELEVANT_ONLY, s.engine());
        assertNull(s.path());
        assertEquals(AuditParts.DEFAULT, s.parts());
        assertEquals(AuditSettings.DEFAULT_FILE_MODE, s.fileMode());
        assertEquals(AuditSettings.DEFAULT_MAX_FILE_BYTES, s.maxFileBytes());
    }

    static Stream<Arguments> loadErrors() {
        return Stream.of(
                Arguments.of("SecAuditLogFormat Native", "JSON only"),
                Arguments.of("SecAuditLogFormat XML", "must be JSON"),
                Arguments.of("SecAuditLogType Concurrent", "SecAuditLogType Concurrent is not supported"),
                Arguments.of("SecAuditLogType HTTPS", "is not supported"),
                Arguments.of("SecAuditLogStorageDir /var/log/audit", "SecAuditLogStorageDir is not supported"),
                Arguments.of("SecAuditEngine Sometimes", "On, Off or RelevantOnly"),
                Arguments.of("SecAuditLogParts ABQ", "'Q' is not an audit log part"),
                Arguments.of("SecAuditLogRelevantStatus \"^(?:5|4(?!0))\"", "RE2"),
                Arguments.of("SecAuditLog \"|/usr/bin/rotatelogs x\"", "piped audit logs"),
                Arguments.of("SecAuditLogFileMode 0999", "octal permission mode"),
                Arguments.of("SecAuditLog2 /tmp/b.log", "SecAuditLog2 is not supported"),
                Arguments.of("SecAuditLogParts A B", "takes 1 argument"),
                Arguments.of("SecAuditEngine RelevantOnly", "needs a log file"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("loadErrors")
    void directiveWhenUnsupportedOrInvalidThenLoadErrorAtFileAndLine(String directive, String expected) {
        String text = "SecRule ARGS \"x\" \"id:1\"\n\n" + directive + "\n";
        RuleLoadException e = assertThrows(RuleLoadException.class, () -> RuleSet.compile(
                WafConfig.builder().rules(RuleSource.text(text, "audit.conf")).build()));
        assertEquals(1, e.errors().size(), e.getMessage());
        RuleLoadError error = e.errors().get(0);
        assertEquals("audit.conf", error.location().file());
        assertEquals(3, error.location().line());
        assertTrue(error.message().contains(expected), error.message());
    }

    @Test
    void engineOnWithoutFileWhenBuilderGivesTheFileThenLoads() {
        RuleSet rules = AuditFixtures.rules("SecAuditEngine On",
                WafConfig.builder().auditLog(Path.of("audit.json")));
        assertEquals(Path.of("audit.json"), rules.auditSettings().path());
    }

    @Test
    void builderOptionsWhenSetThenWinOverDirectives() {
        RuleSet rules = AuditFixtures.rules(String.join("\n",
                "SecAuditEngine On", "SecAuditLog /from/rules.json", "SecAuditLogParts ABZ"),
                WafConfig.builder()
                        .auditEngine(AuditEngine.RELEVANT_ONLY)
                        .auditLog(Path.of("/from/builder.json"))
                        .auditLogParts("AFHZ")
                        .auditLogRotation(1024, 3)
                        .auditLogRedactHeaders("X-Tenant")
                        .auditLogRedactNames("^pin$"));
        AuditSettings s = rules.auditSettings();
        assertEquals(AuditEngine.RELEVANT_ONLY, s.engine());
        assertEquals(Path.of("/from/builder.json"), s.path());
        assertEquals("AFHZ", s.parts().toString());
        assertEquals(1024, s.maxFileBytes());
        assertEquals(3, s.keepFiles());
        assertEquals(Redaction.MARK, s.redaction().header("x-tenant", "acme"));
        assertTrue(s.redaction().isSecretName("PIN"));
        assertFalse(AuditFixtures.rules("SecAction \"id:1,pass,nolog\"",
                WafConfig.builder().unsafeAuditLogWithoutRedaction()).auditSettings().redaction().enabled());
    }

    @Test
    void builderWhenEngineOnWithoutAnyFileThenLoadErrorNamesWafConfig() {
        RuleLoadException e = assertThrows(RuleLoadException.class, () -> RuleSet.compile(WafConfig.builder()
                .rules(RuleSource.text("SecAction \"id:1,pass,nolog\"", "a.conf"))
                .auditEngine(AuditEngine.ON).build()));
        assertEquals("WafConfig", e.errors().get(0).location().file());
    }

    @Test
    void builderWhenInvalidOrRepeatedThenFailsNamingTheOption() {
        IllegalArgumentException parts = assertThrows(IllegalArgumentException.class,
                () -> WafConfig.builder().auditLogParts("AXZ"));
        assertTrue(parts.getMessage().startsWith("auditLogParts"), parts.getMessage());
        IllegalArgumentException names = assertThrows(IllegalArgumentException.class,
                () -> WafConfig.builder().auditLogRedactNames("(?<=x)y"));
        assertTrue(names.getMessage().startsWith("auditLogRedactNames"), names.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WafConfig.builder().auditLogRotation(100, 0));
        assertThrows(IllegalStateException.class,
                () -> WafConfig.builder().auditLog(Path.of("a")).auditLog(Path.of("b")));
        assertThrows(IllegalStateException.class,
                () -> WafConfig.builder().auditEngine(AuditEngine.ON).auditEngine(AuditEngine.OFF));
    }

    // ---- relevance ----

    private static final String RULES = String.join("\n",
            "SecRule ARGS:a \"@streq audit\" \"id:1,phase:2,pass,log\"",
            "SecRule ARGS:a \"@streq quiet\" \"id:2,phase:2,pass,log,noauditlog\"",
            "SecRule ARGS:a \"@streq silent\" \"id:3,phase:2,pass,nolog\"",
            "SecRule ARGS:a \"@streq off\" \"id:4,phase:1,pass,log,ctl:auditEngine=Off\"",
            "SecRule ARGS:a \"@streq on\" \"id:5,phase:1,pass,nolog,ctl:auditEngine=On\"",
            "SecRule ARGS:a \"@streq parts\" \"id:6,phase:1,pass,nolog,ctl:auditLogParts=+E\"",
            "SecRule ARGS:a \"@streq noengine\" \"id:7,phase:1,pass,nolog,ctl:ruleEngine=Off\"");

    private static boolean recorded(String engine, String arg, int status) {
        RuleSet rules = AuditFixtures.rules(RULES + "\nSecAuditEngine " + engine + "\nSecAuditLog audit.json");
        Transaction tx = AuditFixtures.exchange().request("GET", "/?a=" + arg).status(status).run(rules);
        return rules.auditSettings().shouldRecord(tx, status);
    }

    @Test
    void relevantOnlyWhenAuditlogMatchOrRelevantStatusThenRecorded() {
        assertTrue(recorded("RelevantOnly", "audit", 200), "a match with auditlog (the default with log)");
        assertFalse(recorded("RelevantOnly", "quiet", 200), "noauditlog");
        assertFalse(recorded("RelevantOnly", "silent", 200), "nolog implies noauditlog");
        assertFalse(recorded("RelevantOnly", "none", 200));
        assertFalse(recorded("RelevantOnly", "none", 404));
        assertTrue(recorded("RelevantOnly", "none", 403));
        assertTrue(recorded("RelevantOnly", "quiet", 503));
    }

    @Test
    void engineOnOrOffWhenAnyTransactionThenAllOrNothing() {
        assertTrue(recorded("On", "none", 200));
        assertFalse(recorded("Off", "audit", 500));
    }

    @Test
    void ctlWhenRuleChangesTheAuditEngineThenForThisTransactionOnly() {
        assertFalse(recorded("On", "off", 500));
        assertTrue(recorded("Off", "on", 200));
        assertFalse(recorded("On", "noengine", 500), "the rule engine was switched off for the transaction");
        RuleSet rules = AuditFixtures.rules(RULES + "\nSecAuditEngine On\nSecAuditLog audit.json");
        Transaction tx = AuditFixtures.exchange().request("GET", "/?a=parts").run(rules);
        assertEquals("ABCEFHKZ", rules.auditSettings().partsFor(tx).toString());
        Transaction other = AuditFixtures.exchange().request("GET", "/?a=none").run(rules);
        assertEquals("ABCFHKZ", rules.auditSettings().partsFor(other).toString());
    }

    private static AuditSettings settings(String directives) {
        return AuditFixtures.rules("SecAuditLog audit.json\n" + directives).auditSettings();
    }
}
