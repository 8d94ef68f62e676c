package dev.bulwark.waf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * A request body fed in pieces ({@link Transaction#requestBodyPart}) gives phase 2 what the whole body gives, keeps
 * only what phase 2 reads, and counts the bytes {@code SecRequestBodyNoFilesLimit} applies to as ModSecurity does.
 */
class RequestBodyFeedTest {

    private static final String MULTIPART = "multipart/form-data; boundary=XyZ";
    private static final String FILE_CONTENT = "<?php echo 1; ?>".repeat(500);
    private static final String UPLOAD = "--XyZ\r\n"
            + "Content-Disposition: form-data; name=\"comment\"\r\n\r\n"
            + "hello\r\n"
            + "--XyZ\r\n"
            + "Content-Disposition: form-data; name=\"doc\"; filename=\"a.php\"\r\n"
            + "Content-Type: text/plain\r\n\r\n"
            + FILE_CONTENT + "\r\n"
            + "--XyZ--\r\n";

    private static final String RULES = """
            SecRequestBodyNoFilesLimit 100
            SecRule ARGS_POST "@rx ." "id:2,phase:2,pass,log"
            SecRule FILES "@rx ." "id:3,phase:2,pass,log"
            SecRule FILES_SIZES "@rx ." "id:5,phase:2,pass,log"
            SecRule REQUEST_BODY "@rx ." "id:6,phase:2,pass,log"
            SecRule REQUEST_BODY_LENGTH "@gt 0" "id:7,phase:2,pass,log"
            SecRule REQBODY_ERROR "@eq 1" "id:8,phase:2,pass,log"
            SecRule XML:/* "@rx ." "id:9,phase:2,pass,log"
            """;

    private static Transaction headers(String rules, String contentType) throws Exception {
        Transaction tx = RuleSet.fromText(rules).newTransaction();
        tx.requestLine("POST", "/upload", "HTTP/1.1");
        tx.requestHeader("Content-Type", contentType);
        tx.processRequestHeaders();
        return tx;
    }

    private static List<String> logged(Transaction tx) {
        return tx.matches().stream().filter(RuleMatch::logged)
                .map(m -> m.ruleId() + " " + m.variable() + "=" + m.matchedValue()).toList();
    }

    /** Feeds {@code body} in pieces of {@code piece} bytes; returns the no-files count at the end. */
    private static long feed(Transaction tx, String body, int piece) {
        byte[] b = body.getBytes(StandardCharsets.ISO_8859_1);
        byte[] chunk = new byte[piece];
        for (int i = 0; i < b.length; i += piece) {
            int n = Math.min(piece, b.length - i);
            System.arraycopy(b, i, chunk, 0, n);
            tx.requestBodyPart(chunk, 0, n);
            chunk[0] ^= 0x55; // the engine must have copied what it keeps
        }
        return tx.requestBodyNoFilesLength();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 4096, 100_000})
    void multipartWhenFedInPiecesThenSameVariablesAsWholeAndFilesOnlyCounted(int piece) throws Exception {
        Transaction whole = headers(RULES.replace("SecRequestBodyNoFilesLimit 100\n", ""), MULTIPART);
        whole.requestBody(UPLOAD.getBytes(StandardCharsets.ISO_8859_1));
        whole.processRequestBody();

        Transaction fed = headers(RULES, MULTIPART);
        long noFiles = feed(fed, UPLOAD, piece);
        fed.processRequestBody();
        assertEquals(logged(whole).stream().filter(l -> !l.startsWith("6 ")).toList(), logged(fed),
                "REQUEST_BODY aside (not kept for multipart unless forced)");
        assertEquals(List.of("2 ARGS_POST:comment=hello", "3 FILES:doc=a.php", "5 FILES_SIZES:doc="
                + FILE_CONTENT.length(), "7 REQUEST_BODY_LENGTH=" + UPLOAD.length()), logged(fed));
        String partHeaders = "Content-Disposition: form-data; name=\"comment\"\r\n\r\n"
                + "Content-Disposition: form-data; name=\"doc\"; filename=\"a.php\"\r\nContent-Type: text/plain\r\n\r\n";
        assertEquals(partHeaders.length() + "hello".length(), noFiles, "file content is not counted");
    }

    @Test
    void multipartWhenRequestBodyForcedThenKeptUpToTheNoFilesLimit() throws Exception {
        Transaction tx = headers("SecAction \"id:1,phase:1,pass,nolog,ctl:forceRequestBodyVariable=On\"\n" + RULES,
                MULTIPART);
        feed(tx, UPLOAD, 1000);
        tx.processRequestBody();
        assertEquals("6 REQUEST_BODY=" + UPLOAD.substring(0, 100), logged(tx).get(3));
    }

    @Test
    void urlencodedWhenFedThenEveryByteCountsAndOnlyTheLimitIsKept() throws Exception {
        String form = "a=1&b=" + "x".repeat(300) + "&c=3";
        Transaction tx = headers(RULES, "application/x-www-form-urlencoded");
        assertEquals(form.length(), feed(tx, form, 64));
        tx.processRequestBody();
        // ProcessPartial: the engine saw the first 100 bytes, so c=3 (beyond them) is not an argument
        assertEquals(List.of("2 ARGS_POST:a=1", "2 ARGS_POST:b=" + "x".repeat(94), "6 REQUEST_BODY="
                + form.substring(0, 100), "7 REQUEST_BODY_LENGTH=" + form.length()), logged(tx));
    }

    @Test
    void xmlWhenFedThenParsedLikeAWholeBody() throws Exception {
        Transaction tx = headers("SecAction \"id:1,phase:1,pass,nolog,ctl:requestBodyProcessor=XML\"\n"
                + RULES.replace("100", "1000"), "text/xml");
        String xml = "<a><b>one</b><c>two</c></a>";
        assertEquals(xml.length(), feed(tx, xml, 5));
        tx.processRequestBody();
        assertEquals(List.of("7 REQUEST_BODY_LENGTH=" + xml.length(), "9 XML:/*=onetwo"), logged(tx));
    }

    @Test
    void noProcessorWhenNotForcedThenCountedNeitherKeptNorLimited() throws Exception {
        Transaction tx = headers(RULES, "application/octet-stream");
        assertEquals(0, feed(tx, "z".repeat(5000), 512));
        tx.processRequestBody();
        assertEquals(List.of("7 REQUEST_BODY_LENGTH=5000"), logged(tx));
    }

    @Test
    void noProcessorWhenForcedThenCountedAndKept() throws Exception {
        Transaction tx = headers("SecAction \"id:1,phase:1,pass,nolog,ctl:forceRequestBodyVariable=On\"\n" + RULES,
                "application/octet-stream");
        assertEquals(5000, feed(tx, "z".repeat(5000), 512));
        tx.processRequestBody();
        assertEquals(List.of("6 REQUEST_BODY=" + "z".repeat(100), "7 REQUEST_BODY_LENGTH=5000"), logged(tx));
    }

    @Test
    void bodyAccessTurnedOffInPhaseOneThenNothingCounted() throws Exception {
        Transaction tx = headers("SecAction \"id:1,phase:1,pass,nolog,ctl:requestBodyAccess=Off\"\n" + RULES,
                "application/x-www-form-urlencoded");
        assertEquals(0, feed(tx, "a=" + "1".repeat(500), 100));
        tx.processRequestBody();
        assertEquals(List.of(), logged(tx).stream().filter(l -> l.startsWith("2 ")).toList());
    }

    @Test
    void feedingAfterPhaseTwoIsRefused() throws Exception {
        Transaction tx = headers(RULES, "application/x-www-form-urlencoded");
        tx.requestBodyPart(new byte[] {'a'}, 0, 1);
        tx.processRequestBody();
        assertThrows(IllegalStateException.class, () -> tx.requestBodyPart(new byte[] {'b'}, 0, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> headers(RULES, "text/plain")
                .requestBodyPart(new byte[2], 1, 2));
    }
}
