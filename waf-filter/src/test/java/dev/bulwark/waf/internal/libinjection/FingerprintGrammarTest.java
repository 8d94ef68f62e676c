package dev.bulwark.waf.internal.libinjection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FingerprintGrammarTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "X",        // unparseable comment trick
        "1&1",      // 1 OR 1=1
        "s&1",      // x' AND 526=527
        "s&sos",    // x' OR 'a'='a
        "sos",      // ...x" + "y...
        "1UE1k",    // 1 UNION SELECT 1 FROM (truncated)
        "s)UEv",    // x') UNION SELECT NULL
        "1;Tnn",    // 1; DROP TABLE x
        "s;Ef(",    // x'; SELECT pg_sleep(
        "sc",       // admin'--
        "1B1c",     // 1 ORDER BY 1--
        "1ks",      // 1 INTO OUTFILE 'x'
        "f(1)",     // sleep(20)
        "f()",      // version()
        "f(f(f",    // ascii(substring(version(
        "s&f(1",    // x' AND sleep(1
        "sof(1",    // x'+sleep(1
        "s)Esc",    // x')waitfor delay'0:0:5'--
        "&1c",      // OR 1=1 --
        "UE1",      // UNION SELECT 1
    })
    void injectionShapesAreAccepted(String fingerprint) {
        assertTrue(FingerprintGrammar.accepts(fingerprint, false), fingerprint);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "n",        // a word
        "nnnnn",    // a sentence
        "1&n",      // 10 or less
        "n&n",      // rock and roll
        "1&nn",     // 7 and a half
        "n&n)",     // (new and unique)
        "1Un",      // 1950 union made
        "1B",       // 1 having
        "nE1",      // case 13
        "1E1",      // 20 set 3
        "n;En",     // base; set swarovski
        "1;1",      // 1;1;1;control
        "s;",       // dress with hat 18';
        "f(n)",     // day(s)
        "f(1)n",    // if (1) equ ...
        "o1UE1",    // /post/foo/24 union all select ... (a path)
        "sUon",     // x'union all/bar
        "nc",       // word -- remark
        "s&",       // "foo" and
    })
    void textShapesAreRejected(String fingerprint) {
        assertFalse(FingerprintGrammar.accepts(fingerprint, false), fingerprint);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sonc", "sos"})
    void quotedContextAcceptsComparisonsAfterTheBrokenString(String fingerprint) {
        assertTrue(FingerprintGrammar.accepts(fingerprint, true), fingerprint);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sonc"})
    void bareContextDoesNotTakeAQuotedWordForABrokenString(String fingerprint) {
        assertFalse(FingerprintGrammar.accepts(fingerprint, false), fingerprint);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nknk1", "1knkn"})
    void strictSymbolsNeedTheirTokenBeforeTheTruncation(String fingerprint) {
        // "x from y where 1" and "1 from x where y": a bareword after FROM counts only with a visible attack
        assertFalse(FingerprintGrammar.accepts(fingerprint, false), fingerprint);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1knc", "1kn;E"})
    void strictSymbolsAcceptWhatIsVisible(String fingerprint) {
        assertTrue(FingerprintGrammar.accepts(fingerprint, false), fingerprint);
    }

    @Test
    void theVerdictTableGivesTheGrammarsAnswerForEveryFingerprint() {
        // every fingerprint of up to four tokens over these types, twice (the second time from the table), in both
        // contexts: a collision in the table would show as a wrong answer
        String types = "sn1kUEo&(),;cvfbtT";
        List<String> fingerprints = new ArrayList<>(List.of(""));
        List<String> all = new ArrayList<>();
        for (int length = 1; length <= 4; length++) {
            List<String> longer = new ArrayList<>();
            for (String f : fingerprints) {
                for (char t : types.toCharArray()) {
                    longer.add(f + t);
                }
            }
            all.addAll(longer);
            fingerprints = longer;
        }
        for (int round = 0; round < 2; round++) {
            for (String f : all) {
                for (boolean quoted : new boolean[] {false, true}) {
                    assertEquals(FingerprintGrammar.parse(f, quoted), FingerprintGrammar.accepts(f, quoted), f);
                }
            }
        }
    }
}
