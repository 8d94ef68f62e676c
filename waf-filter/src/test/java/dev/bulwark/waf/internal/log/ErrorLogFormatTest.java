package dev.bulwark.waf.internal.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.waf.RuleMatch;
import dev.bulwark.waf.SourceLocation;
import dev.bulwark.waf.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorLogFormatTest {

    static final RequestInfo REQUEST = new RequestInfo("example.com", "/a\"b\r\n", "ID1");

    static RuleMatch match(String operator, String variable, String logData, boolean disruptive) {
        return new RuleMatch(7, new SourceLocation("/r.conf", 3), 2, variable, "v", operator, "m\u2713", logData,
                List.of("t1"), 2, null, true, true, disruptive);
    }

    @Test
    void matchWhenWarningThenFieldsInModSecurityOrderAndEverythingEscaped() {
        RuleMatch m = match("@rx a\"b", "ARGS:x\ny", "d\\\u0000\u00ff", false);
        Verdict pass = new Verdict(Verdict.Outcome.PASS, 0, null, null, List.of(m));
        assertEquals("ModSecurity: Warning. Pattern match \"a\\\"b\" at ARGS:x\\x0ay. [file \"/r.conf\"] [line \"3\"]"
                + " [id \"7\"] [msg \"m\\x{2713}\"] [data \"d\\\\\\x00\\xff\"] [severity \"CRITICAL\"] [tag \"t1\"]"
                + " [hostname \"example.com\"] [uri \"/a\\\"b\\x0d\\x0a\"] [unique_id \"ID1\"]",
                ErrorLogFormat.match(m, pass, REQUEST));
    }

    @Test
    void matchWhenCauseOfDenyThenAccessDeniedWithStatusAndPhase() {
        RuleMatch m = match("@streq x", "ARGS:x", "", true);
        Verdict deny = new Verdict(Verdict.Outcome.DENY, 406, null, m, List.of(m));
        String line = ErrorLogFormat.match(m, deny, REQUEST);
        assertEquals("ModSecurity: Access denied with code 406 (phase 2). Matched \"@streq x\" at ARGS:x. [file",
                line.substring(0, line.indexOf(" \"/r.conf")));
    }

    @Test
    void matchWhenSecActionThenUnconditional() {
        RuleMatch m = match("@unconditionalMatch", "UNIQUE_ID", "", false);
        String line = ErrorLogFormat.match(m, new Verdict(Verdict.Outcome.PASS, 0, null, null, List.of()), REQUEST);
        assertTrue(line.startsWith("ModSecurity: Warning. Unconditional match in SecAction. [file "), line);
    }

    @Test
    void escapedValueWhenLongThenCutWithEllipsis() {
        StringBuilder b = LogText.appendEscaped(new StringBuilder(), "x".repeat(600), ErrorLogFormat.MAX_VALUE);
        assertEquals("x".repeat(512) + "...", b.toString());
    }
}
