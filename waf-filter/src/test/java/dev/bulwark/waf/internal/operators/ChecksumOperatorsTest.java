package dev.bulwark.waf.internal.operators;

import static dev.bulwark.waf.internal.operators.OperatorTestSupport.loadError;
import static dev.bulwark.waf.internal.operators.OperatorTestSupport.matches;
import static dev.bulwark.waf.internal.operators.OperatorTestSupport.operator;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChecksumOperatorsTest {

    private static final String CC = "(?:^|[^\\d])(\\d{4}\\-?\\d{4}\\-?\\d{2}\\-?\\d{2}\\-?\\d{1,4})(?:[^\\d]|$)";

    @Test
    void verifyCcWhenLuhnValidThenMatchesAndCapturesCandidate() throws Exception {
        Operator cc = operator("verifyCC", CC);
        RecordingContext ctx = RecordingContext.capturing();
        assertTrue(cc.matches(ctx, "card: 4111-1111-1111-1111."));
        assertEquals(List.of(0), ctx.captureIndexes());
        assertEquals(" 4111-1111-1111-1111.", ctx.tx(0), "the whole candidate, as the pattern found it");
        assertFalse(cc.matches(RecordingContext.capturing(), "card: 4111-1111-1111-1112."));
    }

    @Test
    void verifyCcWhenFirstCandidateFailsThenSearchResumesOneByteLater() throws Exception {
        // "1411111111111111" fails the Luhn check, "4111111111111111" (one byte later) passes
        assertTrue(matches("verifyCC", "\\d{16}", "14111111111111111"));
        assertFalse(matches("verifyCC", "\\d{16}", "1411111111111111"));
    }

    @Test
    void verifyCcWhenAnchorsThenTheyMatchAtLineBreaks() throws Exception {
        assertTrue(matches("verifyCC", "^\\d{16}$", "name=x\n4111111111111111\nok"));
        assertFalse(matches("verifyCC", "^\\d{16}$", "name=x 4111111111111111 ok"));
    }

    @Test
    void verifyCcWhenCandidateHasNoDigitsThenNoMatch() throws Exception {
        assertFalse(matches("verifyCC", ".*", "TestCase"));
        assertFalse(matches("verifyCC", "\\d*", ""));
    }

    @Test
    void verifyCpfWhenCheckDigitsRightThenMatch() throws Exception {
        String pattern = "([0-9]{3}\\.){2}[0-9]{3}-[0-9]{2}";
        assertTrue(matches("verifyCPF", pattern, "cpf 010.817.514-60 ok"));
        assertFalse(matches("verifyCPF", pattern, "cpf 010.817.514-61 ok"));
        assertFalse(matches("verifyCPF", pattern, "cpf 111.111.111-11 ok"), "repeated digits are placeholders");
        assertFalse(matches("verifyCPF", pattern, "cpf 012.345.678-90 ok"), "01234567890 is a placeholder");
        assertTrue(matches("verifyCPF", "\\d{11}", "52998224725"));
    }

    @Test
    void verifySsnWhenRulesOfModSecurityThenOnlyPlausibleNumbersMatch() throws Exception {
        String pattern = "\\d{3}-?\\d{2}-?\\d{4}";
        assertTrue(matches("verifySSN", pattern, "ssn 574-57-8065"));
        assertFalse(matches("verifySSN", pattern, "ssn 000-57-8065"), "area zero");
        assertFalse(matches("verifySSN", pattern, "ssn 574-00-8065"), "group zero");
        assertFalse(matches("verifySSN", pattern, "ssn 574-57-0000"), "serial zero");
        assertFalse(matches("verifySSN", pattern, "ssn 666-57-8065"), "area 666");
        assertFalse(matches("verifySSN", pattern, "ssn 740-57-8065"), "area 740 and above");
        assertFalse(matches("verifySSN", pattern, "ssn 123-45-6789"), "ascending sequence");
        assertFalse(matches("verifySSN", pattern, "ssn 555-55-5555"), "repeated digit");
        assertTrue(matches("verifySSN", pattern, "ssn 739-01-0001"));
    }

    @Test
    void verifySvnrWhenCheckDigitRightThenMatch() throws Exception {
        String pattern = "([0-9]{4} ?[0-9]{6})";
        assertTrue(matches("verifySVNR", pattern, "nr 1237 010180"));
        assertFalse(matches("verifySVNR", pattern, "nr 1238 010180"));
        assertFalse(matches("verifySVNR", pattern, "nr 1111111111"));
        assertFalse(matches("verifySVNR", pattern, "nr 0123456789"));
    }

    @Test
    void patternWhenEmptyOrInvalidThenLoadError() {
        assertEquals("@verifyCC needs a regular expression that finds candidate numbers", loadError("verifyCC", ""));
        assertTrue(loadError("verifySSN", "(\\d").startsWith("@verifySSN: invalid regular expression"));
    }
}
