package dev.bulwark.waf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The variables the engine fills from request bodies: multipart (FILES*, MULTIPART_*), XML, REQBODY_*. */
class BodyVariablesTest {

    /** Every logged match as {@code id VAR=value}. */
    private static List<String> logged(String rules, String contentType, String body) throws Exception {
        Transaction tx = RuleSet.fromText(rules).newTransaction();
        tx.requestLine("POST", "/upload", "HTTP/1.1");
        tx.requestHeader("Content-Type", contentType);
        tx.processRequestHeaders();
        tx.requestBody(body.getBytes(StandardCharsets.ISO_8859_1));
        tx.processRequestBody();
        return tx.matches().stream().filter(RuleMatch::logged)
                .map(m -> m.ruleId() + " " + m.variable() + "=" + m.matchedValue()).toList();
    }

    private static final String MULTIPART = "multipart/form-data; boundary=XyZ";

    private static final String UPLOAD = "--XyZ\r\n"
            + "Content-Disposition: form-data; name=\"comment\"\r\n\r\n"
            + "hello\r\n"
            + "--XyZ\r\n"
            + "Content-Disposition: form-data; name=\"doc\"; filename=\"a.php\"\r\n"
            + "Content-Type: text/plain\r\n\r\n"
            + "<?php echo 1; ?>\r\n"
            + "--XyZ--\r\n";

    @Test
    void multipartFieldsFilesAndPartHeaders() throws Exception {
        String rules = """
                SecRule REQBODY_PROCESSOR "@streq MULTIPART" "id:1,phase:1,pass,log"
                SecRule ARGS_POST "@rx ." "id:2,phase:2,pass,log"
                SecRule FILES "@rx ." "id:3,phase:2,pass,log"
                SecRule FILES_NAMES "@rx ." "id:4,phase:2,pass,log"
                SecRule FILES_SIZES "@rx ." "id:5,phase:2,pass,log"
                SecRule FILES_COMBINED_SIZE "@rx ." "id:6,phase:2,pass,log"
                SecRule MULTIPART_PART_HEADERS:doc "@rx ." "id:7,phase:2,pass,log"
                SecRule &MULTIPART_PART_HEADERS "@eq 3" "id:8,phase:2,pass,log"
                SecRule MULTIPART_STRICT_ERROR "@eq 0" "id:9,phase:2,pass,log"
                SecRule REQBODY_ERROR "@eq 0" "id:10,phase:2,pass,log"
                """;
        assertEquals(List.of(
                "1 REQBODY_PROCESSOR=MULTIPART",
                "2 ARGS_POST:comment=hello",
                "3 FILES:doc=a.php",
                "4 FILES_NAMES:doc=doc",
                "5 FILES_SIZES:doc=16",
                "6 FILES_COMBINED_SIZE=16",
                "7 MULTIPART_PART_HEADERS:doc=Content-Disposition: form-data; name=\"doc\"; filename=\"a.php\"",
                "7 MULTIPART_PART_HEADERS:doc=Content-Type: text/plain",
                "8 &MULTIPART_PART_HEADERS=3",
                "9 MULTIPART_STRICT_ERROR=0",
                "10 REQBODY_ERROR=0"), logged(rules, MULTIPART, UPLOAD));
    }

    @Test
    void multipartFlagsAndErrors() throws Exception {
        String rules = """
                SecRule MULTIPART_LF_LINE "@eq 1" "id:1,phase:2,pass,log"
                SecRule MULTIPART_STRICT_ERROR "@eq 1" "id:2,phase:2,pass,log"
                SecRule MULTIPART_DATA_BEFORE "@eq 1" "id:3,phase:2,pass,log"
                SecRule REQBODY_ERROR "@eq 1" "id:4,phase:2,pass,log"
                SecRule REQBODY_ERROR_MSG "@rx ." "id:5,phase:2,pass,log"
                """;
        assertEquals(List.of("1 MULTIPART_LF_LINE=1", "2 MULTIPART_STRICT_ERROR=1"),
                logged(rules, MULTIPART, UPLOAD.replace("\r\n", "\n")));
        assertEquals(List.of("2 MULTIPART_STRICT_ERROR=1", "3 MULTIPART_DATA_BEFORE=1"),
                logged(rules, MULTIPART, "preamble\r\n" + UPLOAD));
        assertEquals(List.of("4 REQBODY_ERROR=1",
                "5 REQBODY_ERROR_MSG=Multipart parsing error: Multipart: Final boundary missing."),
                logged(rules, MULTIPART, UPLOAD.substring(0, UPLOAD.length() - 9)));
    }

    @Test
    void multipartFlagsAreZeroForOtherBodies() throws Exception {
        String rules = """
                SecRule MULTIPART_STRICT_ERROR|MULTIPART_UNMATCHED_BOUNDARY|FILES_COMBINED_SIZE "@eq 0" "id:1,phase:2,pass,log"
                SecRule &FILES "@eq 0" "id:2,phase:2,pass,log"
                SecRule REQBODY_PROCESSOR "@streq URLENCODED" "id:3,phase:1,pass,log"
                """;
        assertEquals(List.of("3 REQBODY_PROCESSOR=URLENCODED", "1 MULTIPART_STRICT_ERROR=0",
                "1 MULTIPART_UNMATCHED_BOUNDARY=0", "1 FILES_COMBINED_SIZE=0", "2 &FILES=0"),
                logged(rules, "application/x-www-form-urlencoded", "a=b"));
    }

    @Test
    void noProcessorGivesAnEmptyReqbodyProcessor() throws Exception {
        String rules = """
                SecRule REQBODY_PROCESSOR "!@rx (?:URLENCODED|MULTIPART|XML|JSON)" "id:1,phase:1,pass,log,ctl:forceRequestBodyVariable=On"
                SecRule REQUEST_BODY "@rx secret" "id:2,phase:2,pass,log"
                """;
        assertEquals(List.of("1 REQBODY_PROCESSOR=", "2 REQUEST_BODY=a secret"),
                logged(rules, "text/plain", "a secret"));
    }

    @Test
    void xmlBodyThroughXpathSelectors() throws Exception {
        String rules = """
                SecRule REQUEST_HEADERS:Content-Type "@rx ^application/xml" "id:1,phase:1,pass,nolog,ctl:requestBodyProcessor=XML"
                SecRule XML:/* "@rx ." "id:2,phase:2,pass,log"
                SecRule XML://@* "@rx ." "id:3,phase:2,pass,log"
                SecRule REQBODY_ERROR "@eq 1" "id:4,phase:2,pass,log,msg:'%{REQBODY_ERROR_MSG}'"
                """;
        assertEquals(List.of("2 XML:/*=ab", "3 XML://@*=v1", "3 XML://@*=v2"),
                logged(rules, "application/xml", "<r x=\"v1\"><c y=\"v2\">a</c>b</r>"));
        List<String> refused = logged(rules, "application/xml",
                "<!DOCTYPE r [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><r>&e;</r>");
        assertEquals(1, refused.size(), refused.toString());
        assertTrue(refused.get(0).startsWith("4 REQBODY_ERROR=1"), refused.toString());
    }

    @Test
    void badXpathFailsAtLoadTime() {
        RuleLoadException e = assertThrows(RuleLoadException.class,
                () -> RuleSet.fromText("SecRule XML:/a[1] \"@rx .\" \"id:1,phase:2,pass\""));
        assertTrue(e.getMessage().contains("<inline rules>:1: Unsupported XPath expression \"/a[1]\""), e.getMessage());
    }
}
