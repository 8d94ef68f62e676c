package dev.bulwark.waf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine works a value out once and shares it: links with the same target list resolve it once per phase,
 * a rule is skipped when one signature of all its values rules its pattern out, and a repeated value is judged once
 * per rule. None of that may change what matches, under which name, or how often.
 */
class SharedEvaluationTest {

    private static Verdict run(String rules, String target, String jsonBody) throws Exception {
        RuleSet rs = RuleSet.fromText("SecRequestBodyAccess On\nSecRuleEngine DetectionOnly\n"
                + "SecRule REQUEST_HEADERS:Content-Type \"@rx ^application/json\" "
                + "\"id:9001,phase:1,pass,nolog,ctl:requestBodyProcessor=JSON\"\n" + rules);
        try (Transaction tx = rs.newTransaction()) {
            tx.connection("127.0.0.1", 1234, "127.0.0.1", 80);
            tx.requestLine(jsonBody == null ? "GET" : "POST", target, "HTTP/1.1");
            tx.requestHeader("Host", "localhost");
            if (jsonBody != null) {
                tx.requestHeader("Content-Type", "application/json");
            }
            Verdict v = tx.processRequestHeaders();
            if (jsonBody != null) {
                tx.requestBody(jsonBody.getBytes(StandardCharsets.ISO_8859_1));
            }
            v = tx.processRequestBody();
            return v;
        }
    }

    private static List<String> matches(Verdict v, long ruleId) {
        return v.matches().stream().filter(m -> m.ruleId() == ruleId).map(m -> m.variable() + "=" + m.matchedValue())
                .toList();
    }

    /**
     * Transactions of one rule set reuse each other's signature arrays once closed: a later transaction must judge
     * its own values, whatever the one before left in them.
     */
    /**
     * A link that reads one TX entry (CRS's paranoia-level checks) is evaluated without the value lists: it must
     * match, name the variable, set MATCHED_VAR, chain and honour a ctl removal exactly as the general path does
     * (the same rules with {@code t:trim}, which changes none of these values, take the general path).
     */
    @Test
    void aRuleReadingOneEntryMatchesAsTheGeneralPathDoes() throws Exception {
        List<String> first = null;
        for (String t : new String[] {"", ",t:trim"}) {
            Verdict v = run("""
                    SecAction "id:10,phase:1,pass,nolog,setvar:tx.Paranoia_Level=2"
                    SecRule TX:paranoia_level "@lt 3" "id:11,phase:1,pass,log,msg:'%{MATCHED_VAR_NAME}=%{MATCHED_VAR}'T"
                    SecRule TX:PARANOIA_LEVEL "@lt 2" "id:12,phase:1,pass,logT"
                    SecRule TX:paranoia_level "@eq 2" "id:13,phase:1,pass,log,chainT"
                        SecRule MATCHED_VAR "@eq 2" "setvar:tx.chained=%{MATCHED_VAR_NAME}"
                    SecRule TX:chained "@rx ." "id:14,phase:1,pass,logT"
                    SecRule TX:absent "@eq 0" "id:15,phase:1,pass,logT"
                    SecAction "id:16,phase:1,pass,nolog,ctl:ruleRemoveTargetById=17;TX:paranoia_level"
                    SecRule TX:paranoia_level "@lt 3" "id:17,phase:1,pass,logT"
                    SecRule TX:paranoia_level "!@lt 3" "id:18,phase:1,pass,logT"
                    SecRule &TX:paranoia_level "@eq 1" "id:19,phase:1,pass,log,msg:'%{MATCHED_VAR_NAME}'T"
                    SecRule &TX:absent "@eq 0" "id:20,phase:1,pass,logT"
                    SecRule &TX:absent "@eq 1" "id:21,phase:1,pass,logT"
                    SecRule &GLOBAL:anything "@eq 0" "id:22,phase:1,pass,logT"
                    """.replace("T\"", t + "\""), "/", null);
            String path = t.isEmpty() ? "entry path" : "general path";
            assertEquals(List.of("TX:Paranoia_Level=2"), matches(v, 11), path);
            assertEquals(List.of(), matches(v, 12), path);
            assertEquals(List.of("TX:Paranoia_Level=2"), matches(v, 13), path);
            assertEquals(List.of(), matches(v, 15), path + ": no entry, no match");
            assertEquals(List.of(), matches(v, 17), path + ": removed by ctl");
            assertEquals(List.of(), matches(v, 18), path);
            assertEquals(List.of("&TX:paranoia_level=1"), matches(v, 19), path);
            assertEquals(List.of("&TX:absent=0"), matches(v, 20), path);
            assertEquals(List.of(), matches(v, 21), path);
            assertEquals(List.of("&GLOBAL:anything=0"), matches(v, 22), path + ": a collection not opened counts 0");
            List<String> all = v.matches().stream().filter(m -> m.ruleId() != 10 && m.ruleId() != 16) // SecActions
                    .map(m -> m.ruleId() + " " + m.variable() + "=" + m.matchedValue() + " '" + m.message() + "'")
                    .toList();
            if (first == null) {
                first = all;
            } else {
                assertEquals(first, all, "the general path matches as the entry path does");
            }
        }
        assertTrue(first.contains("11 TX:Paranoia_Level=2 'TX:Paranoia_Level=2'"), first.toString());
        assertTrue(first.stream().anyMatch(m -> m.startsWith("14 ")), "the chain set tx.chained: " + first);
    }

    @Test
    void transactionsOneAfterAnotherJudgeOnlyTheirOwnValues() throws Exception {
        RuleSet rs = RuleSet.fromText("""
                SecRule ARGS "@rx (?i)union\\s+select" "id:1,phase:2,deny,status:403,t:none,t:urlDecodeUni"
                SecRule ARGS|REQUEST_HEADERS "@pm etc/passwd" "id:2,phase:2,deny,status:403,t:none,t:lowercase"
                """);
        String[] queries = {"/?q=1+UNION+SELECT+2", "/?q=blue+shoes&size=42", "/?f=..%2Fetc%2Fpasswd",
            "/?a=" + "long+ordinary+text+".repeat(200), "/?q=union&r=select"};
        boolean[] blocked = {true, false, true, false, false};
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < queries.length; i++) {
                try (Transaction tx = rs.newTransaction()) {
                    tx.connection("127.0.0.1", 1234, "127.0.0.1", 80);
                    tx.requestLine("GET", queries[i], "HTTP/1.1");
                    tx.requestHeader("Host", "localhost");
                    tx.requestHeader("User-Agent", "Mozilla/5.0 " + "x".repeat(i * 300));
                    tx.processRequestHeaders();
                    Verdict v = tx.processRequestBody();
                    assertEquals(blocked[i], v.isInterrupted(), queries[i] + " in round " + round);
                }
            }
        }
    }

    @Test
    void aClosedTransactionRunsNoMoreRulesButKeepsItsVerdict() throws Exception {
        RuleSet rs = RuleSet.fromText("SecRule ARGS \"@rx x\" \"id:1,phase:1,deny,status:403\"");
        Transaction tx = rs.newTransaction();
        tx.requestLine("GET", "/?a=x", "HTTP/1.1");
        Verdict v = tx.processRequestHeaders();
        assertTrue(v.isInterrupted());
        tx.close();
        tx.close(); // again: nothing happens
        assertEquals(403, tx.verdict().status());
        assertEquals(1, tx.verdict().matches().size());
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                tx::processRequestBody);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void aRepeatedValueMatchesUnderEveryName() throws Exception {
        String rules = """
                SecRule ARGS "@rx (?i)drop\\s+table" "id:1,phase:2,pass,log,t:none"
                SecRule ARGS "@pm shoes" "id:2,phase:2,pass,log,t:none"
                SecRule ARGS "@rx ^b" "id:3,phase:2,pass,log,t:none,setvar:tx.count=+1"
                SecRule TX:count "@eq 3" "id:4,phase:2,pass,log"
                """;
        Verdict v = run(rules, "/?a=x&b=blue&c=blue&d=blue", null);
        assertEquals(List.of(), matches(v, 1));
        assertEquals(List.of(), matches(v, 2));
        // the value "blue" is judged once, but each of the three names is a match and runs the actions
        assertEquals(List.of("ARGS:b=blue", "ARGS:c=blue", "ARGS:d=blue"), matches(v, 3));
        assertEquals(1, matches(v, 4).size());
    }

    @Test
    void aPatternMatchingOneValueAmongManyIsNotSkipped() throws Exception {
        StringBuilder json = new StringBuilder("{\"items\":[");
        for (int i = 0; i < 200; i++) {
            json.append(i == 0 ? "" : ",").append("{\"sku\":\"A-").append(i).append("\",\"qty\":").append(i % 7)
                    .append('}');
        }
        json.append("],\"note\":\"1 UNION SELECT password FROM users\"}");
        String rules = """
                SecRule ARGS|ARGS_NAMES "@rx (?i)union\\s+select" "id:10,phase:2,pass,log,t:none,t:lowercase"
                SecRule ARGS|ARGS_NAMES "@rx (?i)<script" "id:11,phase:2,pass,log,t:none,t:lowercase"
                SecRule ARGS|ARGS_NAMES "!@rx (?i)<script" "id:12,phase:2,pass,log,t:none,t:lowercase"
                """;
        Verdict v = run(rules, "/api", json.toString());
        assertEquals(List.of("ARGS:note=1 union select password from users"), matches(v, 10));
        assertEquals(List.of(), matches(v, 11));
        // a negated operator matches every value the pattern does not: the shortcut must not apply to it
        assertEquals(802, matches(v, 12).size());
    }

    @Test
    void anEncodedValueAmongPlainOnesIsDecodedForTheUnion() throws Exception {
        // the plain values need no decoding and stand in the union as they are; the one the chain acts on must be
        // decoded, or the union of a run of sixteen would hide its "<script" and "union select"
        StringBuilder query = new StringBuilder("/search?");
        for (int i = 0; i < 20; i++) {
            query.append(i == 0 ? "" : "&").append("p").append(i).append('=');
            // encoded twice: ARGS hold them once decoded, "%3CScRiPt%3E..."
            query.append(i == 7 ? "%253CScRiPt%253Ealert(1)" : i == 13 ? "1%2520UNION%2520SELECT%2520x" : "plain" + i);
        }
        String rules = """
                SecRule ARGS "@rx <script" "id:20,phase:2,pass,log,t:none,t:urlDecodeUni,t:lowercase"
                SecRule ARGS "@rx union select" "id:21,phase:2,pass,log,t:none,t:urlDecodeUni,t:lowercase"
                SecRule ARGS "@rx (?:<script|union select)" "id:22,phase:2,pass,log,t:none,t:lowercase"
                SecRule ARGS "@rx union select" "id:23,phase:2,pass,log,t:none,t:urlDecodeUni,t:lowercase,multiMatch"
                """;
        Verdict v = run(rules, query.toString(), null);
        assertEquals(List.of("ARGS:p7=<script>alert(1)"), matches(v, 20));
        assertEquals(List.of("ARGS:p13=1 union select x"), matches(v, 21));
        assertEquals(List.of(), matches(v, 22), "without decoding neither value matches");
        assertEquals(List.of("ARGS:p13=1 union select x"), matches(v, 23));
    }

    @Test
    void matchesInSeveralRunsOfSixteenValuesKeepTheirOrderAndExclusions() throws Exception {
        // 40 arguments: runs of 16 values each get a union signature; matches sit in the first and third run
        StringBuilder query = new StringBuilder("/?");
        for (int i = 0; i < 40; i++) {
            String value = i == 3 ? "wget+http://x" : i == 37 ? "curl+http://y" : "plain" + i;
            query.append(i == 0 ? "" : "&").append("p").append(i).append('=').append(value);
        }
        String rules = """
                SecRule ARGS "@rx (?:wget|curl)\\s" "id:20,phase:2,pass,log,t:none"
                SecRule ARGS|!ARGS:p37 "@rx (?:wget|curl)\\s" "id:21,phase:2,pass,log,t:none"
                SecRule ARGS_NAMES|ARGS "@rx ^(?:p3|curl)" "id:22,phase:2,pass,log,t:none"
                """;
        Verdict v = run(rules, query.toString(), null);
        assertEquals(List.of("ARGS:p3=wget http://x", "ARGS:p37=curl http://y"), matches(v, 20));
        assertEquals(List.of("ARGS:p3=wget http://x"), matches(v, 21));
        // names before values, each in request order, as the link lists its targets
        List<String> expected = new java.util.ArrayList<>();
        expected.add("ARGS_NAMES:p3=p3");
        for (int i = 30; i < 40; i++) {
            expected.add("ARGS_NAMES:p" + i + "=p" + i);
        }
        expected.add("ARGS:p37=curl http://y");
        assertEquals(expected, matches(v, 22));
    }

    @Test
    void equalExclusionListsRemoveTheSameValuesAndOthersKeepTheirOwn() throws Exception {
        // 70 arguments, so the removed values span more than one 64-bit word of the per-phase table
        StringBuilder query = new StringBuilder("/login?");
        for (int i = 0; i < 70; i++) {
            query.append(i == 0 ? "" : "&").append(i % 10 == 0 ? "utm" : "p").append(i).append("=evil").append(i);
        }
        String rules = """
                SecRule REQUEST_FILENAME "@streq /login" "id:49,phase:1,pass,nolog,ctl:ruleRemoveTargetById=52;ARGS:p65"
                SecRule ARGS|!ARGS:/^utm/ "@rx evil6\\d" "id:50,phase:2,pass,log"
                SecRule ARGS|!ARGS:/^UTM/|!ARGS:p61 "@rx evil6\\d" "id:51,phase:2,pass,log"
                SecRule ARGS|!ARGS:/^utm/ "@rx evil6\\d" "id:52,phase:2,pass,log"
                SecRule ARGS|!ARGS:/^utm/ "@rx evil6\\d" "id:53,phase:2,pass,log"
                SecRule ARGS "@rx evil6\\d" "id:54,phase:2,pass,log"
                """;
        Verdict v = run(rules, query.toString(), null);
        List<String> all = new java.util.ArrayList<>();
        for (int i = 60; i < 70; i++) {
            all.add("ARGS:" + (i == 60 ? "utm" : "p") + i + "=evil" + i);
        }
        List<String> withoutUtm = all.subList(1, all.size());
        assertEquals(withoutUtm, matches(v, 50));
        assertEquals(withoutUtm.stream().filter(m -> !m.startsWith("ARGS:p61=")).toList(), matches(v, 51));
        assertEquals(withoutUtm.stream().filter(m -> !m.startsWith("ARGS:p65=")).toList(), matches(v, 52));
        assertEquals(withoutUtm, matches(v, 53));
        assertEquals(all, matches(v, 54));
    }

    @Test
    void aRuntimeExclusionAppliesToOneLinkOfASharedList() throws Exception {
        String rules = """
                SecRule REQUEST_FILENAME "@streq /login" "id:20,phase:1,pass,nolog,ctl:ruleRemoveTargetById=22;ARGS:pw"
                SecRule ARGS "@rx secret" "id:21,phase:2,pass,log"
                SecRule ARGS "@rx secret" "id:22,phase:2,pass,log"
                SecRule ARGS "@rx secret" "id:23,phase:2,pass,log"
                """;
        Verdict v = run(rules, "/login?pw=secret&note=secret", null);
        assertEquals(List.of("ARGS:pw=secret", "ARGS:note=secret"), matches(v, 21));
        assertEquals(List.of("ARGS:note=secret"), matches(v, 22));
        assertEquals(List.of("ARGS:pw=secret", "ARGS:note=secret"), matches(v, 23));
    }

    @Test
    void aWholeVariableRemovedByTagLeavesTheOtherTargetsOfASharedList() throws Exception {
        String rules = """
                SecAction "id:24,phase:1,pass,nolog,ctl:ruleRemoveTargetByTag=quiet;REQUEST_FILENAME"
                SecRule ARGS|REQUEST_FILENAME "@rx evil" "id:25,phase:2,pass,log,tag:'quiet'"
                SecRule ARGS|REQUEST_FILENAME "@rx evil" "id:26,phase:2,pass,log"
                """;
        Verdict v = run(rules, "/evil?a=evil", null);
        assertEquals(List.of("ARGS:a=evil"), matches(v, 25));
        assertEquals(List.of("ARGS:a=evil", "REQUEST_FILENAME=/evil"), matches(v, 26));
    }

    @Test
    void aSharedListIsResolvedAgainForTheBodyPhase() throws Exception {
        String rules = """
                SecRule ARGS "@rx attack" "id:30,phase:1,pass,log"
                SecRule ARGS "@rx attack" "id:31,phase:2,pass,log"
                SecRule ARGS "@rx attack" "id:32,phase:2,pass,log"
                """;
        Verdict v = run(rules, "/?q=ok", "{\"a\":\"attack\"}");
        assertTrue(matches(v, 30).isEmpty(), "phase 1 sees only the query string");
        assertEquals(List.of("ARGS:a=attack"), matches(v, 31));
        assertEquals(List.of("ARGS:a=attack"), matches(v, 32));
    }

    @Test
    void aCapturingRuleSetsItsCapturesForARepeatedValue() throws Exception {
        String rules = """
                SecRule ARGS "@rx ^(\\w+)-(\\d+)$" "id:40,phase:2,pass,log,capture,chain"
                  SecRule TX:2 "@eq 7" "setvar:tx.sevens=+1"
                SecRule ARGS "@rx ^(\\w+)-(\\d+)$" "id:41,phase:2,pass,log,capture,setvar:'tx.last=%{tx.1}'"
                """;
        // the head leaves the captures of its last match: x-7 again (judged before), so TX:2 must be 7, not 3
        Verdict v = run(rules, "/?a=x-7&b=y-3&c=x-7", null);
        assertFalse(matches(v, 40).isEmpty());
        assertEquals(List.of("ARGS:a=x-7", "ARGS:b=y-3", "ARGS:c=x-7"), matches(v, 41));
    }

    /**
     * A link over several targets is first judged by one union of all their values (after its transformations): it
     * must still match a value that only its transformations reveal, in whichever target, and leave MATCHED_VARS as
     * a look target by target does (cleared when there were values, kept when there were none).
     */
    @Test
    void aLinkOverSeveralTargetsIsSettledByTheirJointUnionAsTargetByTarget() throws Exception {
        RuleSet rs = RuleSet.fromText("""
                SecRuleEngine DetectionOnly
                SecRule REQUEST_COOKIES|ARGS|REQUEST_HEADERS:User-Agent "@rx <script" \
                    "id:50,phase:1,pass,log,t:none,t:urlDecodeUni,t:lowercase"
                SecRule REQUEST_COOKIES|ARGS|REQUEST_HEADERS:User-Agent "@rx <script" "id:51,phase:1,pass,log,t:none"
                SecRule ARGS|REQUEST_HEADERS:User-Agent "@rx ^mozilla" "id:52,phase:1,pass,log,t:none,t:lowercase"
                SecRule REQUEST_COOKIES|REQUEST_HEADERS:Referer "!@rx ." "id:53,phase:1,pass,log"
                SecRule ARGS:q "@rx plain" "id:60,phase:1,pass,log"
                SecRule ARGS|REQUEST_HEADERS:User-Agent "@rx zzz" "id:61,phase:1,pass,log"
                SecRule MATCHED_VARS "@rx ." "id:62,phase:1,pass,log"
                SecRule ARGS:q "@rx plain" "id:63,phase:1,pass,log"
                SecRule REQUEST_COOKIES|REQUEST_HEADERS:Referer "@rx zzz" "id:64,phase:1,pass,log"
                SecRule MATCHED_VARS "@rx ." "id:65,phase:1,pass,log"
                """);
        try (Transaction tx = rs.newTransaction()) {
            tx.connection("127.0.0.1", 1234, "127.0.0.1", 80);
            tx.requestLine("GET", "/?q=plain&id=1", "HTTP/1.1");
            tx.requestHeader("Host", "localhost");
            tx.requestHeader("User-Agent", "Mozilla/5.0 %3CScRiPt%3E");
            Verdict v = tx.processRequestHeaders();
            assertEquals(List.of("REQUEST_HEADERS:User-Agent=mozilla/5.0 <script>"), matches(v, 50));
            assertEquals(List.of(), matches(v, 51), "not decoded: no <script");
            assertEquals(List.of("REQUEST_HEADERS:User-Agent=mozilla/5.0 %3cscript%3e"), matches(v, 52));
            assertEquals(List.of(), matches(v, 53), "no values: even a negated operator has nothing to match");
            assertEquals(List.of(), matches(v, 62), "61 had values: MATCHED_VARS starts afresh");
            assertEquals(List.of("MATCHED_VARS:ARGS:q=plain"), matches(v, 65), "64 had none: MATCHED_VARS stays");
        }
    }
}
