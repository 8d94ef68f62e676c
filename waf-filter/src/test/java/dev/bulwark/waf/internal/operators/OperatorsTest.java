package dev.bulwark.waf.internal.operators;

import static dev.bulwark.waf.internal.operators.OperatorTestSupport.loadError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class OperatorsTest {

    /** Every operator ModSecurity v2 and v3 define, except the libinjection detectors (registered separately). */
    private static final List<String> MODSECURITY = List.of("beginsWith", "contains", "containsWord", "endsWith",
            "eq", "fuzzyHash", "ge", "geoLookup", "gsbLookup", "gt", "inspectFile", "ipMatch", "ipMatchF",
            "ipMatchFromFile", "le", "lt", "noMatch", "pm", "pmf", "pmFromFile", "rbl", "rsub", "rx", "rxGlobal",
            "streq", "strmatch", "unconditionalMatch", "validateByteRange", "validateDTD", "validateHash",
            "validateSchema", "validateUrlEncoding", "validateUtf8Encoding", "verifyCC", "verifyCPF", "verifySSN",
            "verifySVNR", "within");

    private static final List<String> UNSUPPORTED = List.of("fuzzyHash", "geoLookup", "gsbLookup", "inspectFile",
            "rbl", "rsub", "validateDTD", "validateHash", "validateSchema");

    @Test
    void lookupWhenAnyModSecurityOperatorThenRegistered() {
        for (String name : MODSECURITY) {
            assertNotNull(Operators.lookup(name), name);
            assertEquals(UNSUPPORTED.contains(name), Operators.isUnsupported(name), name);
        }
    }

    @Test
    void lookupWhenOtherCaseThenSameFactory() {
        assertSame(Operators.lookup("rx"), Operators.lookup("RX"));
        assertSame(Operators.lookup("verifyCPF"), Operators.lookup("verifycpf"));
        assertNull(Operators.lookup("regex"));
        assertNull(Operators.lookup("@rx"));
    }

    @Test
    void unsupportedWhenUsedThenLoadErrorGivesOperatorAndReason() {
        for (String name : UNSUPPORTED) {
            String message = loadError(name, "anything");
            assertTrue(message.startsWith("operator @" + name + " is not supported by Bulwark: "), message);
            assertTrue(message.length() > ("operator @" + name + " is not supported by Bulwark: ").length() + 10);
        }
        assertTrue(loadError("geoLookup", "").contains("GeoIP database"));
    }

    @Test
    void namesWhenListedThenLowerCaseAndComplete() {
        for (String name : MODSECURITY) {
            assertTrue(Operators.names().contains(name.toLowerCase(Locale.ROOT)), name);
        }
        assertFalse(Operators.names().stream().anyMatch(n -> !n.equals(n.toLowerCase(Locale.ROOT))));
    }
}
