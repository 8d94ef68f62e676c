package dev.bulwark.waf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** SecLang action semantics, checked through whole transactions (rules use only @rx to stay self-contained). */
class ActionSemanticsTest {

    private static Transaction get(String rules, String target) throws Exception {
        Transaction tx = RuleSet.fromText(rules).newTransaction();
        tx.connection("192.0.2.1", 4000, "192.0.2.2", 80);
        tx.requestLine("GET", target, "HTTP/1.1");
        tx.requestHeader("Host", "example.com");
        tx.requestHeader("Cookie", "session=abc; theme=dark");
        tx.requestHeader("User-Agent", "Mozilla/5.0");
        tx.processRequestHeaders();
        tx.processRequestBody();
        tx.processLogging();
        return tx;
    }

    private static List<String> messages(Transaction tx) {
        return tx.matches().stream().filter(RuleMatch::logged).map(RuleMatch::message).toList();
    }

    @Test
    void setvarWhenSetAddSubtractDeleteThenMacrosSeeResult() throws Exception {
        Transaction tx = get("""
                SecAction "id:1,phase:1,pass,nolog,setvar:tx.a=10,setvar:tx.a=+5,setvar:tx.a=-3,setvar:tx.b=x,setvar:!tx.b,setvar:tx.c"
                SecRule REQUEST_URI "@rx ." "id:2,phase:1,pass,msg:'a=%{tx.a} b=%{tx.b} c=%{TX.C}'"
                """, "/");
        assertEquals(List.of("a=12 b= c=1"), messages(tx));
    }

    @Test
    void setvarWhenMacroInKeyThenOnePerMatchedVariable() throws Exception {
        Transaction tx = get("""
                SecRule ARGS "@rx ." "id:1,phase:1,pass,nolog,setvar:tx.count_%{MATCHED_VAR_NAME}=+1"
                SecRule TX:/^count_/ "@rx 1" "id:2,phase:1,pass,msg:'%{MATCHED_VAR_NAME}'"
                """, "/?x=1&y=2");
        assertEquals(List.of("TX:count_ARGS:x", "TX:count_ARGS:y"), messages(tx));
    }

    @Test
    void captureWhenRxGroupsThenTxDigits() throws Exception {
        Transaction tx = get("""
                SecRule ARGS:q "@rx (\\w+)-(\\d+)" "id:1,phase:1,pass,capture,msg:'%{TX.0}|%{TX.1}|%{TX.2}'"
                """, "/?q=item-42");
        assertEquals(List.of("item-42|item|42"), messages(tx));
    }

    @Test
    void captureWhenItMatchesThenEveryEarlierDigitVariableIsCleared() throws Exception {
        // a capture clears TX:0..9 first, also those a setvar wrote or an earlier capture with more groups left
        Transaction tx = get("""
                SecAction "id:1,phase:1,pass,nolog,setvar:tx.3=old,setvar:TX.7=old"
                SecRule ARGS:q "@rx (\\w+)-(\\d+)-(\\w+)" "id:2,phase:1,pass,nolog,capture"
                SecRule ARGS:r "@rx (\\w+)" "id:3,phase:1,pass,capture,msg:'%{TX.1}|%{TX.2}|%{TX.3}|%{TX.7}'"
                """, "/?q=a-1-b&r=solo");
        assertEquals(List.of("solo|||"), messages(tx));
    }

    @Test
    void chainWhenLinkUsesMatchedVarThenSeesPreviousLink() throws Exception {
        String rules = """
                SecRule ARGS "@rx ^a" "id:1,phase:1,deny,chain,msg:'chain %{MATCHED_VAR}'"
                  SecRule MATCHED_VAR "@rx z$" "t:none"
                """;
        assertTrue(get(rules, "/?p=abz").verdict().isInterrupted());
        assertFalse(get(rules, "/?p=aby").verdict().isInterrupted());
        assertFalse(get(rules, "/?p=xbz").verdict().isInterrupted());
    }

    @Test
    void chainWhenALinkMatchesThenItsActionsRunBeforeTheNextLinkIsEvaluated() throws Exception {
        // ModSecurity's semantics, which CRS relies on: 920420 sets tx.content_type in the head and tests it in the
        // chained rule. Only the disruptive action and the log wait for the whole chain.
        String rules = """
                SecRule ARGS:a "@rx 1" "id:1,phase:1,pass,nolog,setvar:tx.head=1,chain"
                  SecRule ARGS:b "@rx 2" "setvar:tx.link=1"
                SecRule REQUEST_URI "@rx ." "id:2,phase:1,pass,msg:'%{tx.head}%{tx.link}'"
                """;
        assertEquals(List.of("11"), messages(get(rules, "/?a=1&b=2")));
        assertEquals(List.of("1"), messages(get(rules, "/?a=1&b=3")));
        assertEquals(List.of(""), messages(get(rules, "/?a=0&b=2")));
    }

    @Test
    void exclusionAndCountAndRegexKey() throws Exception {
        String rules = """
                SecRule ARGS|!ARGS:safe "@rx evil" "id:1,phase:1,pass,msg:'%{MATCHED_VAR_NAME}'"
                SecRule &ARGS "@rx ^3$" "id:2,phase:1,pass,msg:'three'"
                SecRule ARGS:/^fi/ "@rx evil" "id:3,phase:1,pass,msg:'re %{MATCHED_VAR_NAME}'"
                SecRule REQUEST_COOKIES:THEME "@rx dark" "id:4,phase:1,pass,msg:'cookie'"
                """;
        assertEquals(List.of("ARGS:other", "ARGS:FIELD", "three", "re ARGS:FIELD", "cookie"),
                messages(get(rules, "/?safe=evil&other=evil&FIELD=evil")));
    }

    @Test
    void transformationsWhenLowercaseThenOperatorSeesLowered() throws Exception {
        Transaction tx = get("SecRule ARGS \"@rx ^abc$\" \"id:1,phase:1,pass,t:none,t:lowercase\"", "/?x=AbC");
        assertEquals("abc", tx.matches().get(0).matchedValue());
    }

    @Test
    void multiMatchWhenOriginalMatchesThenMatch() throws Exception {
        String rules = "SecRule ARGS \"@rx ^ABC$\" \"id:1,phase:1,pass,t:lowercase%s\"";
        assertEquals(0, get(String.format(rules, ""), "/?x=ABC").matches().size());
        assertEquals(1, get(String.format(rules, ",multiMatch"), "/?x=ABC").matches().size());
    }

    @Test
    void skipWhenMatchedThenNextRulesSkipped() throws Exception {
        Transaction tx = get("""
                SecRule REQUEST_URI "@rx ." "id:1,phase:1,pass,nolog,skip:2"
                SecRule REQUEST_URI "@rx ." "id:2,phase:1,pass,msg:'two'"
                SecRule REQUEST_URI "@rx ." "id:3,phase:1,pass,msg:'three'"
                SecRule REQUEST_URI "@rx ." "id:4,phase:1,pass,msg:'four'"
                """, "/");
        assertEquals(List.of("four"), messages(tx));
    }

    @Test
    void allowWhenMatchedThenLaterRulesDoNotRun() throws Exception {
        Transaction tx = get("""
                SecRule REMOTE_ADDR "@rx ^192\\.0\\.2\\." "id:1,phase:1,allow,nolog"
                SecRule REQUEST_URI "@rx ." "id:2,phase:2,deny"
                """, "/");
        assertFalse(tx.verdict().isInterrupted());
    }

    @Test
    void ctlWhenRemoveByIdAndTagThenRulesSkippedForThisTransactionOnly() throws Exception {
        String rules = """
                SecRule ARGS:off "@rx id" "id:1,phase:1,pass,nolog,ctl:ruleRemoveById=10-19"
                SecRule ARGS:off "@rx tag" "id:2,phase:1,pass,nolog,ctl:ruleRemoveByTag=noisy"
                SecRule REQUEST_URI "@rx ." "id:10,phase:2,deny"
                SecRule REQUEST_URI "@rx ." "id:20,phase:2,deny,tag:'noisy'"
                """;
        assertEquals(20, get(rules, "/?off=id").verdict().cause().ruleId());
        assertEquals(10, get(rules, "/?off=tag").verdict().cause().ruleId());
        assertEquals(10, get(rules, "/").verdict().cause().ruleId());
    }

    @Test
    void ctlWhenRuleEngineOffThenNothingMoreRuns() throws Exception {
        String rules = """
                SecRule REQUEST_FILENAME "@rx ^/health$" "id:1,phase:1,pass,nolog,ctl:ruleEngine=Off"
                SecRule REQUEST_URI "@rx ." "id:2,phase:2,deny"
                """;
        assertFalse(get(rules, "/health").verdict().isInterrupted());
        assertTrue(get(rules, "/other").verdict().isInterrupted());
    }

    @Test
    void blockWhenDefaultActionDenyThenDenies() throws Exception {
        String rules = """
                SecDefaultAction "phase:2,log,auditlog,deny,status:418"
                SecRule ARGS "@rx x" "id:1,phase:2,block"
                """;
        Transaction tx = get(rules, "/?a=x");
        assertTrue(tx.verdict().isInterrupted());
        assertEquals(418, tx.verdict().status());
    }

    @Test
    void requestVariablesWhenAbsoluteFormThenPathOnly() throws Exception {
        Transaction tx = get("""
                SecRule REQUEST_FILENAME "@rx ." "id:1,phase:1,pass,msg:'%{REQUEST_FILENAME}|%{REQUEST_BASENAME}|%{QUERY_STRING}|%{REQUEST_URI_RAW}|%{REQUEST_LINE}'"
                """, "http://example.com/a/b.php?x=%41");
        assertEquals(List.of("/a/b.php|b.php|x=%41|http://example.com/a/b.php?x=%41|"
                + "GET http://example.com/a/b.php?x=%41 HTTP/1.1"), messages(tx));
    }
}
