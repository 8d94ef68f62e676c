package dev.bulwark.waf.internal.body;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MultipartParserTest {

    private static final String CT = "multipart/form-data; boundary=b";
    private static final String FIELD_A = "Content-Disposition: form-data; name=\"a\"\r\n";

    private final MultipartParser parser = new MultipartParser();

    private MultipartResult parse(String body) {
        return parser.parse(CT, body);
    }

    private static List<String> fields(MultipartResult result) {
        List<String> out = new ArrayList<>();
        result.emitArguments((name, value) -> out.add(name + "=" + value));
        return out;
    }

    private static void assertFlags(MultipartResult result, MultipartFlag... expected) {
        Set<MultipartFlag> wanted = expected.length == 0 ? EnumSet.noneOf(MultipartFlag.class)
                : EnumSet.of(expected[0], expected);
        assertEquals(wanted, result.flags());
    }

    private static void assertNoError(MultipartResult result) {
        assertFalse(result.hasError(), () -> "unexpected error: " + result.errorMessage());
    }

    // ---- a clean body ----------------------------------------------------------------------------------------

    @Test
    void parseWhenCleanBodyThenFieldsFilesAndNoFlags() {
        MultipartResult r = parse("--b\r\n" + FIELD_A + "\r\nx\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"t.txt\"\r\nContent-Type: text/plain\r\n"
                + "\r\nline1\r\nline2\r\n--b--\r\n");
        assertNoError(r);
        assertFlags(r, MultipartFlag.CRLF_LINE);
        assertFalse(r.strictError());
        assertFalse(r.crlfLfLines());
        assertEquals("b", r.boundary());
        assertEquals(List.of("a=x"), fields(r));
        assertEquals(2, r.parts().size());
        MultipartPart file = r.parts().get(1);
        assertTrue(file.isFile());
        assertEquals("f", file.name());
        assertEquals("t.txt", file.filename());
        assertEquals(12, file.size()); // "line1\r\nline2"
        assertNull(file.value());
        assertEquals("", file.contentPrefix());
        assertEquals(12, r.combinedFileSize());
        assertEquals(List.of("Content-Disposition: form-data; name=\"f\"; filename=\"t.txt\"",
                "Content-Type: text/plain"), file.headerLines());
        assertEquals("text/plain", file.header("content-type"));
        assertEquals("f", r.lastName());
        assertEquals("t.txt", r.lastFilename());
        MultipartPart field = r.parts().get(0);
        assertFalse(field.isFile());
        assertEquals("x", field.value());
        assertEquals(1, field.size());
        assertEquals(List.of("Content-Disposition: form-data; name=\"a\""), field.headerLines());
    }

    @Test
    void parseWhenValueHasLineBreaksThenOnlyTheLastBelongsToTheBoundary() {
        MultipartResult r = parse("--b\r\n" + FIELD_A + "\r\nl1\r\nl2\r\n\r\n--b--\r\n");
        assertEquals(List.of("a=l1\r\nl2\r\n"), fields(r));
    }

    @Test
    void parseWhenEmptyValueThenEmptyField() {
        assertEquals(List.of("a="), fields(parse("--b\r\n" + FIELD_A + "\r\n\r\n--b--\r\n")));
    }

    @Test
    void parseWhenEmptyBodyThenNoErrorAndNoParts() {
        MultipartResult r = parse("");
        assertNoError(r);
        assertTrue(r.parts().isEmpty());
        assertFlags(r);
    }

    @Test
    void parseWhenFinalBoundaryHasNoLineEndThenAccepted() {
        MultipartResult r = parse("--b\r\n" + FIELD_A + "\r\nx\r\n--b--");
        assertNoError(r);
        assertEquals(List.of("a=x"), fields(r));
        assertFlags(r, MultipartFlag.CRLF_LINE);
    }

    @Test
    void parseWhenCharsetFieldThenReportedAndKeyedInPartHeaders() {
        MultipartResult r = parse("--b\r\nContent-disposition: form-data; name=\"_charset_\"\r\n\r\nutf-7\r\n"
                + "--b\r\nContent-disposition: form-data; name=\"positive\"\r\nContent-Type: text/plain\r\n\r\n"
                + "Let me see\r\n--b--\r\n");
        assertNoError(r);
        assertEquals(Optional.of("utf-7"), r.charset());
        assertEquals(List.of("_charset_=utf-7", "positive=Let me see"), fields(r));
        MultipartPart charset = r.parts().get(0);
        assertEquals("_charset_", charset.name());
        assertEquals(List.of("Content-disposition: form-data; name=\"_charset_\""), charset.headerLines());
        assertEquals(Optional.empty(), parse("--b\r\n" + FIELD_A + "\r\nx\r\n--b--\r\n").charset());
    }

    @Test
    void parseWhenHeaderWrittenWithoutSpaceThenRecordedAsWritten() {
        MultipartResult r = parse("--b\r\ncontent-disposition:form-data; name=a\r\nContent-Type:\ttext/x\r\n\r\n"
                + "v\r\n--b--\r\n");
        assertNoError(r);
        MultipartPart part = r.parts().get(0);
        assertEquals(List.of("content-disposition:form-data; name=a", "Content-Type:\ttext/x"), part.headerLines());
        assertEquals("text/x", part.header("CONTENT-TYPE"));
        assertEquals(List.of("a=v"), fields(r));
    }

    @Test
    void parseWhenLongLinesThenSplitAcrossBuffersWithoutLoss() {
        StringBuilder value = new StringBuilder();
        Random random = new Random(5);
        while (value.length() < 20_000) {
            value.append((char) ('a' + random.nextInt(26)));
            if (value.length() % 4095 == 0 || value.length() % 4096 == 0 || value.length() % 7000 == 0) {
                value.append("\r\n"); // CRLF pairs right at the 4096-byte buffer edges
            }
        }
        MultipartResult r = parse("--b\r\n" + FIELD_A + "\r\n" + value + "\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"big\"\r\n\r\n" + value + "\r\n--b--\r\n");
        assertNoError(r);
        assertEquals(List.of("a=" + value), fields(r));
        assertEquals(value.length(), r.parts().get(1).size());
        assertFlags(r, MultipartFlag.CRLF_LINE);
    }

    @Test
    void parseWhenFileContentPrefixConfiguredThenKeptUpToTheLimit() {
        MultipartParser keeping = new MultipartParser(new MultipartLimits(10, 10, Long.MAX_VALUE, Long.MAX_VALUE, 5));
        MultipartResult r = keeping.parse(CT, "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x\"\r\n\r\n"
                + "0123\r\n456789\r\n--b--\r\n");
        assertNoError(r);
        assertEquals("0123\r", r.parts().get(0).contentPrefix());
        assertEquals(12, r.parts().get(0).size());
    }

    @Test
    void parseWhenStreamedInTinyChunksThenSameResult() throws IOException {
        String body = "preamble\r\n--b\r\n" + FIELD_A + "\r\nv1\r\nv2\r\n--b\r\nContent-Disposition: form-data; "
                + "name=\"f\"; filename=\"n\"\r\n\r\n" + "z".repeat(9000) + "\n--b--\r\nafter";
        MultipartResult whole = parse(body);
        InputStream oneByteAtATime = new ByteArrayInputStream(body.getBytes(StandardCharsets.ISO_8859_1)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
        MultipartResult streamed = parser.parse(CT, oneByteAtATime);
        assertEquals(describe(whole), describe(streamed));
        assertEquals(EnumSet.of(MultipartFlag.DATA_BEFORE, MultipartFlag.DATA_AFTER, MultipartFlag.CRLF_LINE,
                MultipartFlag.LF_LINE), whole.flags());
    }

    // ---- one test per flag -----------------------------------------------------------------------------------

    @Test
    void flagBoundaryQuotedWhenContentTypeQuotesTheBoundary() {
        MultipartResult r = parser.parse("multipart/form-data; boundary=\"b\"", "--b\r\n" + FIELD_A + "\r\nx\r\n--b--\r\n");
        assertNoError(r);
        assertFlags(r, MultipartFlag.BOUNDARY_QUOTED, MultipartFlag.CRLF_LINE);
        assertTrue(r.strictError());
        assertEquals(List.of("a=x"), fields(r));
    }

    @Test
    void flagBoundaryWhitespaceWhenSpaceAroundEquals() {
        MultipartResult r = parser.parse("multipart/form-data; boundary =b", "--b\r\n" + FIELD_A + "\r\nx\r\n--b--\r\n");
        assertNoError(r);
        assertFlags(r, MultipartFlag.BOUNDARY_WHITESPACE, MultipartFlag.CRLF_LINE);
        // After the '=', the space becomes part of the boundary.
        MultipartResult after = parser.parse("multipart/form-data; boundary= b",
                "-- b\r\n" + FIELD_A + "\r\nx\r\n-- b--\r\n");
        assertNoError(after);
        assertEquals(" b", after.boundary());
        assertTrue(after.flag(MultipartFlag.BOUNDARY_WHITESPACE));
    }

    @Test
    void flagDataBeforeWhenPreamble() {
        MultipartResult r = parse("This is a preamble\r\n--b\r\n" + FIELD_A + "\r\nx\r\n--b--\r\n");
        assertNoError(r);
        assertFlags(r, MultipartFlag.DATA_BEFORE, MultipartFlag.CRLF_LINE);
        assertTrue(r.strictError());
    }

    @Test
    void flagDataAfterWhenEpilogue() {
        MultipartResult r = parse("--b\r\n" + FIELD_A + "\r\nx\r\n--b--\r\nepilogue");
        assertNoError(r);
        assertFlags(r, MultipartFlag.DATA_AFTER, MultipartFlag.CRLF_LINE);
        assertEquals(List.of("a=x"), fields(r));
    }

    @Test
    void flagHeaderFoldingWhenContinuationLine() {
        MultipartResult r = parse("--b\r\nContent-Disposition: form-data;\r\n\tname=\"a\"\r\n\r\nx\r\n--b--\r\n");
        assertNoError(r);
        assertFlags(r, MultipartFlag.HEADER_FOLDING, MultipartFlag.CRLF_LINE);
        assertEquals(List.of("a=x"), fields(r));
        MultipartPart part = r.parts().get(0);
        assertEquals("form-data; name=\"a\"", part.header("Content-Disposition"));
        assertEquals(List.of("Content-Disposition: form-data; name=\"a\""), part.headerLines());
    }

    @Test
    void flagInvalidHeaderFoldingWhenContinuationStartsWithOtherWhitespace() {
        MultipartResult r = parse("--b\r\nContent-Disposition: form-data;\r\n\u000bname=\"a\"\r\n\r\nx\r\n--b--\r\n");
        assertNoError(r);
        assertFlags(r, MultipartFlag.HEADER_FOLDING, MultipartFlag.INVALID_HEADER_FOLDING, MultipartFlag.CRLF_LINE);
    }

    @Test
    void flagLfLineWhenBareLineFeeds() {
        MultipartResult r = parse("--b\n" + "Content-Disposition: form-data; name=\"a\"\n\nx\n--b--\n");
        assertNoError(r);
        assertFlags(r, MultipartFlag.LF_LINE);
        assertFalse(r.crlfLfLines());
        assertTrue(r.strictError());
        assertEquals(List.of("a=x"), fields(r));
    }

    @Test
    void flagLfLineWhenOnlyTheLineBeforeTheFinalBoundaryUsesLf() {
        MultipartResult r = parse("--b\r\n" + FIELD_A + "\r\nx\n--b--");
        assertNoError(r);
        assertEquals(List.of("a=x"), fields(r));
        assertTrue(r.flag(MultipartFlag.LF_LINE));
        assertTrue(r.crlfLfLines());
    }

    @Test
    void flagCrlfLineAndMixedWhenBothLineEndings() {
        MultipartResult r = parse("--b\r\nContent-Disposition: form-data; name=\"a\"\n\r\nx\r\n--b--\r\n");
        assertNoError(r);
        assertFlags(r, MultipartFlag.CRLF_LINE, MultipartFlag.LF_LINE);
        assertTrue(r.crlfLfLines());
    }

    @Test
    void flagMissingSemicolonWhenNoSemicolonBeforeBoundary() {
        MultipartResult r = parser.parse("multipart/form-data boundary=b", "--b\r\n" + FIELD_A + "\r\nx\r\n--b--\r\n");
        assertNoError(r);
        assertFlags(r, MultipartFlag.MISSING_SEMICOLON, MultipartFlag.CRLF_LINE);
    }

    @Test
    void flagInvalidQuotingWhenSingleQuotes() {
        MultipartResult r = parse("--b\r\nContent-Disposition: form-data; name='a'\r\n\r\nx\r\n--b--\r\n");
        assertNoError(r);
        assertFlags(r, MultipartFlag.INVALID_QUOTING, MultipartFlag.CRLF_LINE);
        assertEquals(List.of("a=x"), fields(r));
    }

    @Test
    void flagInvalidQuotingWhenSingleQuoteInsideUnquotedValue() {
        MultipartResult r = parse("--b\r\nContent-Disposition: form-data; name=a'b\r\n\r\nx\r\n--b--\r\n");
        assertNoError(r);
        assertTrue(r.flag(MultipartFlag.INVALID_QUOTING));
        // Inside double quotes a single quote is fine.
        MultipartResult quoted = parse("--b\r\nContent-Disposition: form-data; name=\"a'b\"\r\n\r\nx\r\n--b--\r\n");
        assertFlags(quoted, MultipartFlag.CRLF_LINE);
        assertEquals(List.of("a'b=x"), fields(quoted));
    }

    @Test
    void flagInvalidQuotingWhenQuoteBeforeBadSeparator() {
        MultipartResult r = parse("--b\r\nContent-Disposition: form-data; name=\"a\"x\r\n\r\nx\r\n--b--\r\n");
        assertTrue(r.flag(MultipartFlag.INVALID_QUOTING));
        assertEquals("Multipart parsing error: Multipart: Invalid Content-Disposition header (-12): "
                + "form-data; name=\"a\"x.", r.errorMessage());
    }

    @Test
    void flagInvalidPartWhenDataWouldStartWithTheFinalBoundary() {
        MultipartResult r = parse("--b\r\n" + FIELD_A + "\r\n--b--");
        assertNoError(r);
        assertFlags(r, MultipartFlag.INVALID_PART, MultipartFlag.CRLF_LINE);
        assertTrue(r.strictError());
        assertEquals(List.of("a="), fields(r));
    }

    @Test
    void flagInvalidPartWhenBoundaryWhereDataShouldBegin() {
        // The boundary is not honoured there: it becomes data, and the body then lacks its final boundary.
        MultipartResult r = parse("--b\r\n" + FIELD_A + "\r\n--b\r\n" + FIELD_A + "\r\nx\r\n");
        assertTrue(r.flag(MultipartFlag.INVALID_PART));
        assertEquals("Multipart parsing error: Multipart: Final boundary missing.", r.errorMessage());
    }

    @Test
    void flagFileLimitExceededWhenMoreFilesThanTheLimit() {
        MultipartParser oneFile = new MultipartParser(new MultipartLimits(100, 1, Long.MAX_VALUE, Long.MAX_VALUE, 0));
        String file1 = "--b\r\nContent-Disposition: form-data; name=\"f1\"; filename=\"1\"\r\n\r\ncontent\r\n";
        String file2 = "--b\r\nContent-Disposition: form-data; name=\"f2\"; filename=\"2\"\r\n\r\ncontent\r\n";
        MultipartResult r = oneFile.parse(CT, file1 + file2 + "--b--\r\n");
        assertNoError(r);
        assertFlags(r, MultipartFlag.FILE_LIMIT_EXCEEDED, MultipartFlag.CRLF_LINE);
        assertTrue(r.strictError());
        assertEquals(2, r.parts().size()); // still listed, as in ModSecurity
        assertFlags(oneFile.parse(CT, file1 + "--b--\r\n"), MultipartFlag.CRLF_LINE);
    }

    @Test
    void flagUnmatchedBoundaryWhenAnotherDashDashLine() {
        MultipartResult r = parse("--b\r\n" + FIELD_A + "\r\n--other\r\nx\r\n--b--\r\n");
        assertNoError(r);
        assertFlags(r, MultipartFlag.UNMATCHED_BOUNDARY, MultipartFlag.CRLF_LINE);
        assertFalse(r.strictError()); // reported separately (MULTIPART_UNMATCHED_BOUNDARY)
        assertEquals(List.of("a=--other\r\nx"), fields(r));
    }

    @Test
    void flagUnmatchedBoundaryWhenOurBoundaryInsideALine() {
        MultipartResult r = parse("--b\r\n" + FIELD_A + "\r\nsee --b here\r\n--b--\r\n");
        assertNoError(r);
        assertTrue(r.flag(MultipartFlag.UNMATCHED_BOUNDARY));
        // A prefix-matching line is a boundary followed by junk: an error, not a flag.
        MultipartResult longer = parse("--b\r\n" + FIELD_A + "\r\nx\r\n--bc\r\n--b--\r\n");
        assertEquals("Multipart parsing error: Multipart: Invalid boundary: --bc\\x0d\\x0a", longer.errorMessage());
    }

    @Test
    void strictErrorWhenParserFailedEvenWithoutFlags() {
        MultipartResult r = parse("--b\r\nX-No-Disposition: 1\r\n\r\nx\r\n--b--\r\n");
        assertTrue(r.hasError());
        assertTrue(r.strictError());
    }

    @Test
    void strictErrorNotRaisedForMissingFinalBoundary() {
        // ModSecurity reports this in REQBODY_ERROR only (its completion step does not set the error flag).
        MultipartResult r = parse("--b\r\n" + FIELD_A + "\r\nx\r\n");
        assertEquals("Multipart parsing error: Multipart: Final boundary missing.", r.errorMessage());
        assertFalse(r.strictError());
    }

    // ---- Content-Type (boundary) errors ----------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "multipart/mixed; boundary=b|Multipart: Invalid MIME type.",
        "text/plain|Multipart: Invalid MIME type.",
        "multipart/form-data|Multipart: Boundary not found in C-T.",
        "multipart/form-data; Boundary=b|Multipart: Invalid boundary in C-T (case sensitivity).",
        "multipart/form-data; boundary=a; boundary=b|Multipart: Multiple boundary parameters in C-T.",
        "multipart/form-data; charset=utf-8; boundary=b|Multipart: Invalid boundary in C-T (malformed).",
        "multipart/form-data; boundary|Multipart: Invalid boundary in C-T (malformed).",
        "multipart/form-data; boundaryx=b|Multipart: Invalid boundary in C-T (parameter name).",
        "multipart/form-data; boundary=\"b|Multipart: Invalid boundary in C-T (quote).",
        "multipart/form-data; boundary=b\"|Multipart: Invalid boundary in C-T (quote).",
        "multipart/form-data; boundary=b; charset=utf-8|Multipart: Invalid boundary in C-T (characters).",
        "multipart/form-data; boundary=a<b|Multipart: Invalid boundary in C-T (characters).",
        "multipart/form-data; boundary=\"b \"|Multipart: Invalid boundary in C-T (characters).",
        "multipart/form-data; boundary=|Multipart: Invalid boundary in C-T (empty).",
        "multipart/form-data; boundary=\"\"|Multipart: Invalid boundary in C-T (empty).",
    })
    void parseWhenContentTypeRejectedThenErrorWithoutParts(String contentType, String message) {
        MultipartResult r = parser.parse(contentType, "--b\r\n" + FIELD_A + "\r\nx\r\n--b--\r\n");
        assertEquals(message, r.errorMessage());
        assertTrue(r.strictError());
        assertTrue(r.parts().isEmpty());
        assertNull(r.boundary());
        assertEquals(List.of(), fields(r));
    }

    @Test
    void parseWhenContentTypeMissingOrTooLongThenError() {
        assertEquals("Multipart: Content-Type header not available.",
                parser.parse((String) null, "").errorMessage());
        assertEquals("Multipart: Invalid boundary in C-T (length).",
                parser.parse("multipart/form-data; boundary=" + "x".repeat(1000), "").errorMessage());
        MultipartResult content = parser.parse("multipart/form-data; boundary=xboundaryx=", "");
        // "boundary=" twice counts as two parameters before the content check is reached.
        assertEquals("Multipart: Multiple boundary parameters in C-T.", content.errorMessage());
    }

    @Test
    void parseWhenBoundaryContainsTheWordBoundaryWithoutEqualsThenAccepted() {
        // ModSecurity's "(content)" check only counts "boundary" followed somewhere by '='; any such boundary also
        // makes the header count two boundary parameters, so the "(content)" error is never reached in practice.
        MultipartResult r = parser.parse("multipart/form-data; boundary=\"xBoundary\"",
                "--xBoundary\r\n" + FIELD_A + "\r\nx\r\n--xBoundary--\r\n");
        assertNoError(r);
        assertEquals("Multipart: Multiple boundary parameters in C-T.",
                parser.parse("multipart/form-data; boundary=\"x=boundary=\"", "").errorMessage());
    }

    @Test
    void parseWhenMimeTypeCaseDiffersThenAccepted() {
        MultipartResult r = parser.parse("Multipart/Form-Data;boundary=b", "--b\r\n" + FIELD_A + "\r\nx\r\n--b--\r\n");
        assertNoError(r);
        assertEquals(List.of("a=x"), fields(r));
    }

    @Test
    void parseWhenBoundaryUsesAllowedPunctuationThenAccepted() {
        String boundary = "----WebKitForm'()+_,-./:=?x 1";
        MultipartResult r = parser.parse("multipart/form-data; boundary=" + boundary,
                "--" + boundary + "\r\n" + FIELD_A + "\r\nx\r\n--" + boundary + "--\r\n");
        assertNoError(r);
        assertEquals(List.of("a=x"), fields(r));
    }

    // ---- body errors (REQBODY_ERROR) -------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--b\\r\\nX: 1\\r\\n\\r\\nx\\r\\n--b--\\r\\n|Multipart: Part missing Content-Disposition header.",
        "--b\\r\\nContent-Disposition: attachment; name=\"a\"\\r\\n\\r\\nx\\r\\n--b--\\r\\n|"
                + "Multipart: Invalid Content-Disposition header (-1): attachment; name=\"a\".",
        "--b\\r\\nContent-Disposition: form-dataX\\r\\n\\r\\n--b--\\r\\n|"
                + "Multipart: Invalid Content-Disposition header (-2): form-dataX.",
        "--b\\r\\nContent-Disposition: form-data; \\r\\n\\r\\n--b--\\r\\n|"
                + "Multipart: Invalid Content-Disposition header (-3): form-data; .",
        "--b\\r\\nContent-Disposition: form-data; name\\r\\n\\r\\n--b--\\r\\n|"
                + "Multipart: Invalid Content-Disposition header (-4): form-data; name.",
        "--b\\r\\nContent-Disposition: form-data; name=\"a\\r\\n\\r\\n--b--\\r\\n|"
                + "Multipart: Invalid Content-Disposition header (-10): form-data; name=\"a.",
        "--b\\r\\nContent-Disposition: form-data; size=1\\r\\n\\r\\n--b--\\r\\n|"
                + "Multipart: Invalid Content-Disposition header (-11): form-data; size=1.",
        "--b\\r\\nContent-Disposition: form-data; name x\\r\\n\\r\\n--b--\\r\\n|"
                + "Multipart: Invalid Content-Disposition header (-13): form-data; name x.",
        "--b\\r\\nContent-Disposition: form-data; name=a; name=b\\r\\n\\r\\n--b--\\r\\n|"
                + "Multipart: Invalid Content-Disposition header (-14): form-data; name=a; name=b.",
        "--b\\r\\nContent-Disposition: form-data; filename=x\\r\\n\\r\\nx\\r\\n--b--\\r\\n|"
                + "Multipart: Content-Disposition header missing name field.",
        "--b\\r\\nContent-Disposition: form-data; name=a; filename =x\\r\\n\\r\\nx\\r\\n--b--\\r\\n|"
                + "Multipart: Invalid Content-Disposition header (filename).",
        "--b\\r\\n folded first\\r\\n\\r\\n--b--\\r\\n|Multipart: Invalid part header (folding error).",
        "--b\\r\\nno colon here\\r\\n\\r\\n--b--\\r\\n|"
                + "Multipart: Invalid part header (colon missing): no colon here\\x0d\\x0a.",
        "--b\\r\\n: value\\r\\n\\r\\n--b--\\r\\n|Multipart: Invalid part header (header name missing).",
        "--b\\r\\nContent-Disposition : form-data; name=a\\r\\n\\r\\n--b--\\r\\n|"
                + "Multipart: Invalid part header (contains invalid character).",
        "--b\\r\\nX: 1\\r\\nx: 2\\r\\n\\r\\n--b--\\r\\n|Multipart: Duplicate part header: x.",
        "--b junk\\r\\n|Multipart: Invalid boundary: --b junk\\x0d\\x0a",
        "-- b\\r\\n|Multipart: Invalid boundary (whitespace).",
        "nothing here\\r\\n|Multipart: No boundaries found in payload.",
        "--b\\r\\n" + "Content-Disposition: form-data; name=a\\r\\n\\r\\nx\\r\\n--b--x|Multipart: Final boundary missing.",
    })
    void parseWhenBodyMalformedThenModSecurityMessage(String escapedBody, String message) {
        String body = escapedBody.replace("\\r", "\r").replace("\\n", "\n");
        MultipartResult r = parse(body);
        assertEquals("Multipart parsing error: " + message, r.errorMessage());
        assertEquals(List.of(), fields(r));
    }

    @Test
    void parseWhenInvalidCharacterInHeaderNameThenCrs922130Message() {
        for (String name : List.of("\u000eContent-Disposition", "Content-Disposition\u000e", "Content-\u007fX",
                "X\u00e9")) {
            MultipartResult r = parse("--b\r\n" + name + ": form-data; name=\"file\"\r\n\r\nx\r\n--b--\r\n");
            assertEquals("Multipart parsing error: Multipart: Invalid part header (contains invalid character).",
                    r.errorMessage());
        }
        assertNoError(parse("--b\r\nContent-!Disposition~: 1\r\n" + FIELD_A + "\r\nx\r\n--b--\r\n"));
    }

    @Test
    void parseWhenNulByteInHeadersThenError() {
        assertEquals("Multipart parsing error: Multipart: Nul byte in part headers.",
                parse("--b\r\nContent-Disposition: form-data; name=\"a\u0000\"\r\n\r\nx\r\n--b--\r\n").errorMessage());
    }

    @Test
    void parseWhenHeaderLineTooLongThenError() {
        MultipartResult r = parse("--b\r\nX-Long: " + "y".repeat(5000) + "\r\n");
        assertEquals("Multipart parsing error: Multipart: Part header line over 4096 bytes long", r.errorMessage());
    }

    @Test
    void parseWhenFoldedHeaderTooLongThenError() {
        String folds = ("\t" + "y".repeat(1000) + "\r\n").repeat(5);
        MultipartResult r = parse("--b\r\nX: 1\r\n" + folds + "\r\n--b--\r\n");
        assertEquals("Multipart parsing error: Multipart: Part header too long.", r.errorMessage());
    }

    @Test
    void parseWhenQuotedBoundaryRepeatedWithQuotesInBodyThenError() {
        MultipartResult r = parser.parse("multipart/form-data; boundary=\"b\"", "--\"b\"\r\n");
        assertEquals("Multipart parsing error: Multipart: Invalid boundary (quotes).", r.errorMessage());
    }

    @Test
    void parseWhenErrorLaterThenEarlierPartsStayVisible() {
        MultipartResult r = parse("--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.php\"\r\n\r\n<?php\r\n"
                + "--b\r\nbad header line\r\n\r\n--b--\r\n");
        assertTrue(r.hasError());
        assertEquals(1, r.parts().size());
        assertEquals("a.php", r.parts().get(0).filename());
        assertEquals(List.of(), fields(r)); // ARGS are not filled after an error, as in ModSecurity
    }

    @Test
    void parseWhenQuotedValueHasEscapesThenUnescaped() {
        MultipartResult r = parse("--b\r\nContent-Disposition: form-data; name=\"a\\\"b\\\\c\\d\"; "
                + "filename=\"C:\\\\dir\\\\x.txt\"\r\n\r\nx\r\n--b--\r\n");
        assertNoError(r);
        assertEquals("a\"b\\c\\d", r.parts().get(0).name());
        assertEquals("C:\\dir\\x.txt", r.parts().get(0).filename());
    }

    // ---- limits ----------------------------------------------------------------------------------------------

    @Test
    void parseWhenTooManyPartsThenError() {
        MultipartParser two = new MultipartParser(new MultipartLimits(2, 100, Long.MAX_VALUE, Long.MAX_VALUE, 0));
        String part = "--b\r\n" + FIELD_A + "\r\nx\r\n";
        assertNoError(two.parse(CT, part + part + "--b--\r\n"));
        MultipartResult r = two.parse(CT, part + part + part + "--b--\r\n");
        assertEquals("Multipart parsing error: Multipart: Too many parts (limit 2).", r.errorMessage());
        assertEquals(2, r.parts().size());
    }

    @Test
    void parseWhenFileTooLargeThenError() {
        MultipartParser small = new MultipartParser(new MultipartLimits(10, 10, 10, Long.MAX_VALUE, 0));
        String ok = "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x\"\r\n\r\n" + "z".repeat(10) + "\r\n";
        assertNoError(small.parse(CT, ok + "--b--\r\n"));
        MultipartResult r = small.parse(CT, ok.replace("z".repeat(10), "z".repeat(11)) + "--b--\r\n");
        assertEquals("Multipart parsing error: Multipart: File size limit exceeded (limit 10 bytes).", r.errorMessage());
    }

    @Test
    void parseWhenCombinedFilesTooLargeThenError() {
        MultipartParser small = new MultipartParser(new MultipartLimits(10, 10, Long.MAX_VALUE, 15, 0));
        String file = "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x\"\r\n\r\n" + "z".repeat(8) + "\r\n";
        MultipartResult r = small.parse(CT, file + file + "--b--\r\n");
        assertEquals("Multipart parsing error: Multipart: Combined file size limit exceeded (limit 15 bytes).",
                r.errorMessage());
    }

    @Test
    void parseWhenLargeFileThenSizeCountedWithoutKeepingContent() throws IOException {
        int size = 20_000_000;
        InputStream body = new InputStream() {
            private final byte[] head = ("--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"big.bin\"\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
            private final byte[] tail = "\r\n--b--\r\n".getBytes(StandardCharsets.ISO_8859_1);
            private long position;

            @Override
            public int read() {
                long p = position++;
                if (p < head.length) {
                    return head[(int) p];
                }
                p -= head.length;
                if (p < size) {
                    return p % 100 == 99 ? '\n' : 'q';
                }
                p -= size;
                return p < tail.length ? tail[(int) p] : -1;
            }
        };
        MultipartResult r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> parser.parse(CT, body));
        assertNoError(r);
        assertEquals(size, r.parts().get(0).size());
        assertEquals(size, r.combinedFileSize());
        assertEquals("", r.parts().get(0).contentPrefix());
    }

    @Test
    void parseWhenNoFilesLengthThenHeadersAndFieldsCounted() {
        MultipartResult r = parse("--b\r\n" + FIELD_A + "\r\nxyz\r\n--b\r\n"
                + "Content-Disposition: form-data; name=\"f\"; filename=\"x\"\r\n\r\nfilecontent\r\n--b--\r\n");
        long headers = FIELD_A.length() + 2 + "Content-Disposition: form-data; name=\"f\"; filename=\"x\"\r\n".length() + 2;
        assertEquals(headers + 3, r.noFilesLength());
    }

    @ParameterizedTest
    @CsvSource({"1", "3", "4096", "100000"})
    void partDataOffsetWhenFedInPiecesThenPointsAtTheDataInTheBody(int piece) {
        String fileContent = "line1\r\n" + "z".repeat(5000) + "\r\n\r\nend";
        String body = "preamble\r\n--b\r\n" + FIELD_A + "\r\nvalue with\nLF\r\n"
                + "--b\nContent-Disposition: form-data; name=\"f\"; filename=\"t.txt\"\nContent-Type: text/plain\n"
                + "\n" + fileContent + "\n--b\r\n" + FIELD_A.replace("\"a\"", "\"empty\"") + "\r\n\r\n--b--\r\n";
        byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
        MultipartSession session = parser.start(CT);
        for (int i = 0; i < bytes.length; i += piece) {
            session.feed(bytes, i, Math.min(piece, bytes.length - i));
            assertTrue(session.noFilesLength() <= bytes.length);
        }
        MultipartResult r = session.finish();
        assertNoError(r);
        assertEquals(r.noFilesLength(), session.noFilesLength());
        assertEquals(3, r.parts().size());
        List<String> data = new ArrayList<>();
        for (MultipartPart p : r.parts()) {
            data.add(body.substring((int) p.dataOffset(), (int) (p.dataOffset() + p.size())));
        }
        assertEquals(List.of("value with\nLF", fileContent, ""), data);
        assertEquals(r.parts().get(0).value(), data.get(0));
    }

    @Test
    void feedWhenLongLinesAndLineEndsAroundTheBufferSizeThenSameAsByteByByte() {
        // Byte-by-byte feeding takes the byte-at-a-time path for every byte: it is the reference for the bulk path.
        Random random = new Random(7L);
        String[] pieces = {"\r", "\n", "\r\n", "--b", "--b--", "-", "x", "\r\n--b\r\n", "\u0000",
                "\r\nContent-Disposition: form-data; name=\"f\"; filename=\"g\"\r\n\r\n"};
        for (int round = 0; round < 300; round++) {
            StringBuilder b = new StringBuilder("--b\r\n" + FIELD_A + "\r\n");
            while (b.length() < 20_000) {
                if (random.nextInt(4) == 0) {
                    b.append("q".repeat(random.nextBoolean() ? 4090 + random.nextInt(12) : random.nextInt(300)));
                } else {
                    b.append(pieces[random.nextInt(pieces.length)]);
                }
            }
            b.append(random.nextBoolean() ? "\r\n--b--\r\n" : "\r\n--b--");
            byte[] body = b.toString().getBytes(StandardCharsets.ISO_8859_1);
            MultipartResult whole = parser.parse(CT, body);
            MultipartSession single = parser.start(CT);
            for (int i = 0; i < body.length; i++) {
                single.feed(body, i, 1);
            }
            MultipartResult reference = single.finish();
            assertEquals(describe(reference), describe(whole), "round " + round);
            assertEquals(reference.parts().stream().map(MultipartPart::dataOffset).toList(),
                    whole.parts().stream().map(MultipartPart::dataOffset).toList(), "round " + round);
            assertEquals(reference.noFilesLength(), whole.noFilesLength(), "round " + round);
        }
    }

    @Test
    void limitsWhenNegativeThenRejected() {
        assertThrows(IllegalArgumentException.class, () -> new MultipartLimits(-1, 1, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new MultipartLimits(1, 1, 1, 1, -1));
    }

    @Test
    void sessionWhenFedAfterFinishThenRejected() {
        MultipartSession session = parser.start(CT);
        MultipartResult first = session.finish();
        assertEquals(first, session.finish());
        assertThrows(IllegalStateException.class, () -> session.feed(new byte[1], 0, 1));
    }

    // ---- robustness ------------------------------------------------------------------------------------------

    @Test
    void parseWhenRandomAndGarbledInputThenAResultAndNoException() {
        Random random = new Random(99L);
        String seed = "pre\r\n--b\r\nContent-Disposition: form-data; name=\"a\"; filename='x'\r\nContent-Type: t\r\n"
                + " folded\r\n\r\nv\r\n--b\r\n" + FIELD_A + "\r\nw\n--b--\r\npost";
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int round = 0; round < 20_000; round++) {
                byte[] body = JsonBodyParserTest.mutate(random, seed);
                String contentType = round % 10 == 0 ? randomContentType(random) : CT;
                MultipartResult whole;
                try {
                    whole = parser.parse(contentType, body);
                } catch (RuntimeException | Error e) {
                    throw new AssertionError("unexpected " + e + " for " + ByteStrings.escape(body, 0, body.length), e);
                }
                // Feeding the same bytes in two pieces must not change anything.
                MultipartSession split = parser.start(contentType);
                int cut = body.length == 0 ? 0 : random.nextInt(body.length);
                split.feed(body, 0, cut);
                split.feed(body, cut, body.length - cut);
                assertEquals(describe(whole), describe(split.finish()));
            }
        });
    }

    private static String randomContentType(Random random) {
        String[] options = {"multipart/form-data; boundary=\"b\"", "multipart/form-data;boundary= b",
            "multipart/form-data; boundary=b; x=y", "multipart/form-data", "x", "multipart/form-data boundary=b"};
        return options[random.nextInt(options.length)];
    }

    static String describe(MultipartResult r) {
        StringBuilder out = new StringBuilder();
        out.append(r.errorMessage()).append('|').append(r.flags()).append('|').append(r.strictError());
        for (MultipartPart part : r.parts()) {
            out.append('|').append(part.name()).append('/').append(part.filename()).append('/').append(part.value())
                    .append('/').append(part.size()).append('/').append(part.headerLines());
        }
        return out.append('|').append(r.lastName()).append('|').append(r.lastFilename()).append('|')
                .append(r.noFilesLength()).toString();
    }
}
