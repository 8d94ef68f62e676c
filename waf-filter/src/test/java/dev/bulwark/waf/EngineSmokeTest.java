package dev.bulwark.waf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EngineSmokeTest {

    private static Verdict run(String rules, String method, String target, String body) throws Exception {
        RuleSet rs = RuleSet.fromText(rules);
        Transaction tx = rs.newTransaction();
        tx.connection("127.0.0.1", 1234, "127.0.0.1", 80);
        tx.requestLine(method, target, "HTTP/1.1");
        tx.requestHeader("Host", "localhost");
        if (body != null) {
            tx.requestHeader("Content-Type", "application/x-www-form-urlencoded");
        }
        Verdict v = tx.processRequestHeaders();
        if (v.isInterrupted()) {
            return v;
        }
        if (body != null) {
            tx.requestBody(body.getBytes(StandardCharsets.ISO_8859_1));
        }
        v = tx.processRequestBody();
        tx.processLogging();
        return v;
    }

    @Test
    void denyWhenArgMatches() throws Exception {
        Verdict v = run("SecRule ARGS \"@rx union\\s+select\" \"id:1,phase:2,deny,t:lowercase\"", "GET",
                "/?q=1%20UNION%20SELECT%202", null);
        assertTrue(v.isInterrupted());
        assertEquals(403, v.status());
        assertEquals("ARGS:q", v.cause().variable());
        assertEquals("1 union select 2", v.cause().matchedValue());
    }

    @Test
    void anomalyScoringWithChainAndSkipAfter() throws Exception {
        String rules = """
                SecDefaultAction "phase:2,log,auditlog,pass"
                SecAction "id:10,phase:1,nolog,pass,setvar:tx.score=0"
                SecRule ARGS "@rx select" "id:20,phase:2,block,setvar:tx.score=+5,msg:'sql %{MATCHED_VAR_NAME}'"
                SecRule REQUEST_METHOD "@streq POST" "id:30,phase:2,pass,chain,skipAfter:END"
                  SecRule ARGS_POST:x "@rx ^1$" "setvar:tx.score=+100"
                SecRule TX:score "@ge 5" "id:40,phase:2,deny,status:406,msg:'score %{tx.score}'"
                SecMarker END
                SecRule TX:score "@ge 100" "id:50,phase:2,deny"
                """;
        Verdict v = run(rules, "GET", "/?a=select&b=select", null);
        assertTrue(v.isInterrupted());
        assertEquals(406, v.status());
        assertEquals(40, v.cause().ruleId());
        assertEquals("score 10", v.cause().message());
        assertEquals("sql ARGS:a", v.matches().stream().filter(RuleMatch::logged).findFirst().orElseThrow().message());

        Verdict post = run(rules, "POST", "/", "x=1");
        // skipAfter jumps over rule 40 (which would answer 406); rule 50 behind the marker still runs
        assertEquals(50, post.cause().ruleId());
        assertEquals(403, post.status());
    }

    @Test
    void exclusionByUpdateTargetAndCtl() throws Exception {
        String rules = """
                SecRule ARGS "@rx <script" "id:1,phase:2,deny"
                SecRuleUpdateTargetById 1 "!ARGS:comment"
                SecRule REQUEST_FILENAME "@streq /wiki" "id:2,phase:1,pass,nolog,ctl:ruleRemoveTargetById=1;ARGS:body"
                """;
        assertFalse(run(rules, "GET", "/x?comment=%3Cscript", null).isInterrupted());
        assertTrue(run(rules, "GET", "/x?other=%3Cscript", null).isInterrupted());
        assertFalse(run(rules, "GET", "/wiki?body=%3Cscript", null).isInterrupted());
        assertTrue(run(rules, "GET", "/other?body=%3Cscript", null).isInterrupted());
    }

    @Test
    void detectionOnlyRecordsButPasses() throws Exception {
        Verdict v = run("SecRuleEngine DetectionOnly\nSecRule ARGS \"@rx x\" \"id:1,phase:1,deny\"", "GET", "/?a=x",
                null);
        assertFalse(v.isInterrupted());
        assertEquals(1, v.matches().size());
    }

    @Test
    void brokenRuleNamesFileAndLine() {
        RuleLoadException e = org.junit.jupiter.api.Assertions.assertThrows(RuleLoadException.class,
                () -> RuleSet.fromText("SecRule ARGS \"@rx a\" \"id:1,deny\"\n\nSecRule ARGS \"@nope a\" \"id:2\""));
        assertEquals(1, e.errors().size());
        assertEquals(3, e.errors().get(0).location().line());
        assertTrue(e.getMessage().contains("<inline rules>:3"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown operator '@nope'"), e.getMessage());
    }

    private static Transaction json(String rules, String body) throws Exception {
        Transaction tx = RuleSet.fromText(rules).newTransaction();
        tx.requestLine("POST", "/api", "HTTP/1.1");
        tx.requestHeader("Content-Type", "application/json");
        tx.processRequestHeaders();
        tx.requestBody(body.getBytes(StandardCharsets.UTF_8));
        tx.processRequestBody();
        return tx;
    }

    @Test
    void jsonBodyBecomesArgsWithDottedNames() throws Exception {
        String rules = """
                SecRule REQUEST_HEADERS:Content-Type "@rx ^application/json" "id:1,phase:1,pass,nolog,ctl:requestBodyProcessor=JSON"
                SecRule ARGS "@rx ." "id:2,phase:2,pass,log,msg:'%{MATCHED_VAR_NAME}=%{MATCHED_VAR}'"
                SecRule REQBODY_ERROR "@eq 1" "id:3,phase:2,deny,status:400,msg:'%{REQBODY_ERROR_MSG}'"
                """;
        Transaction tx = json(rules, "{\"a\":{\"b\":\"x\\u00e9\"},\"list\":[1,true,null],\"n\":-1.5e3}");
        // "." matches nothing in the empty value of null: that argument is not logged
        assertEquals(java.util.List.of("ARGS:a.b=x\u00c3\u00a9", "ARGS:list.list=1", "ARGS:list.list=true",
                "ARGS:n=-1.5e3"),
                tx.matches().stream().filter(RuleMatch::logged).map(RuleMatch::message).toList());
        assertFalse(tx.verdict().isInterrupted());

        Transaction broken = json(rules, "{\"a\": [1, 2");
        assertEquals(400, broken.verdict().status());
        assertTrue(broken.verdict().cause().message().startsWith("JSON parsing error: "),
                broken.verdict().cause().message());

        Transaction deep = json(rules.replace("SecRule REQUEST", "SecRequestBodyJsonDepthLimit 3\nSecRule REQUEST"),
                "[[[[1]]]]");
        assertTrue(deep.verdict().cause().message().contains("JSON depth limit exceeded (limit 3)"),
                deep.verdict().cause().message());
    }
}
