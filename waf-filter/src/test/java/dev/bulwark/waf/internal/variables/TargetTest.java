package dev.bulwark.waf.internal.variables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TargetTest {

    @Test
    void keyRegexVerdictsStayRightWhenRemembered() {
        Target t = Target.parse("TX:/^header_name_920450_/");
        for (int round = 0; round < 3; round++) { // the first round computes, the others read the kept verdicts
            assertTrue(t.selects("header_name_920450_content-encoding"));
            assertTrue(t.selects("HEADER_NAME_920450_X")); // key regexes ignore case
            assertFalse(t.selects("blocking_paranoia_level"));
            assertFalse(t.selects("x_header_name_920450_"));
        }
    }

    @Test
    void anAnchoredLiteralKeyRegexSelectsWhatItsRegexWould() throws Exception {
        assertEquals("header_name_920450_", Target.literalPrefix("^header_name_920450_"));
        assertEquals("a-b", Target.literalPrefix("^a-b"));
        for (String pattern : new String[] {"header_name", "^a.b", "^ab$", "^a|b", "^a+", "^", "^(?i)a", "^a\\d"}) {
            assertEquals(null, Target.literalPrefix(pattern), pattern);
        }
        String[] patterns = {"^header_name_920450_", "^Anomaly-Score", "^x"};
        String[] keys = {"header_name_920450_accept", "HEADER_NAME_920450_", "header_name_920450",
            "aheader_name_920450_", "anomaly-score_pl1", "ANOMALY-SCORE", "anomaly_score", "x", "X", "", "y", "\u212a", "\u017fx"};
        for (String pattern : patterns) {
            Target t = Target.parse("TX:/" + pattern + "/");
            dev.bulwark.waf.internal.regex.Regex regex = dev.bulwark.waf.internal.regex.Regex.compile("(?i)" + pattern);
            for (String key : keys) {
                assertEquals(regex.find(key), t.selects(key), pattern + " on " + key);
            }
        }
    }

    @Test
    void keyRegexVerdictsBeyondTheBoundsAreStillComputed() {
        Target t = Target.parse("ARGS:/^id_[0-9]+$/");
        String longKey = "id_" + "7".repeat(Target.KEY_VERDICT_LENGTH);
        assertTrue(t.selects(longKey));
        assertFalse(t.selects(longKey + "x"));
        // fill the table; keys seen after that are matched every time, with the same answers
        for (int i = 0; i < Target.KEY_VERDICTS + 10; i++) {
            assertEquals(i % 2 == 0, t.selects(i % 2 == 0 ? "id_" + i : "name_" + i));
        }
        assertTrue(t.selects("id_" + (Target.KEY_VERDICTS + 99)));
        assertFalse(t.selects("ids_" + (Target.KEY_VERDICTS + 99)));
    }

    @Test
    void entryNamesFollowTheKeyNotTheLastCall() {
        Target t = Target.parse("TX:DETECTION_PARANOIA_LEVEL");
        String key = "detection_paranoia_level";
        assertEquals("TX:detection_paranoia_level", t.entryName(key));
        assertEquals("TX:detection_paranoia_level", t.entryName(key)); // the kept name
        String equalKey = new String(key.toCharArray());
        assertEquals("TX:detection_paranoia_level", t.entryName(equalKey));
        assertEquals("TX:DETECTION_PARANOIA_LEVEL", t.entryName("DETECTION_PARANOIA_LEVEL"));
        assertEquals("TX:detection_paranoia_level", t.entryName(key));
    }
}
