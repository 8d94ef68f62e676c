package dev.bulwark.waf.crs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.waf.testsupport.SharedData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class FtwRequestTest {

    private static String build(String method, Map<String, String> headers, String data, boolean auto) {
        return new String(FtwRequest.build(new FtwTest.Input(method, "/post", "HTTP/1.1", headers,
                data == null ? null : data.getBytes(StandardCharsets.UTF_8), auto, null)), StandardCharsets.UTF_8);
    }

    @Test
    void buildWhenPlainFormDataThenReEncodedAndHeadersSortedAndCompleted() {
        String req = build("POST", Map.of("User-Agent", "t", "Host", "localhost"), "a=1 2&b=<x>", true);
        assertEquals("POST /post HTTP/1.1\r\nConnection: close\r\nContent-Length: 15\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nHost: localhost\r\nUser-Agent: t\r\n\r\n"
                + "a=1+2&b=%3Cx%3E", req);
    }

    @Test
    void buildWhenDataAlreadyEncodedThenSentAsIs() {
        String req = build("POST", Map.of("Host", "h"), "a=%27or", true);
        assertTrue(req.endsWith("\r\n\r\na=%27or"), req);
    }

    @Test
    void buildWhenMultipartThenCrlf() {
        String req = build("POST", Map.of("Content-Type", "multipart/form-data; boundary=x"), "--x\nA\n", false);
        assertTrue(req.endsWith("\r\n\r\n--x\r\nA\r\n"), req);
    }

    @Test
    void buildWhenNoAutocompleteThenNothingAdded() {
        assertEquals("GET /post HTTP/1.1\r\nHost: h\r\n\r\n", build("GET", Map.of("Host", "h"), null, false));
    }

    @Test
    void templateRepeatRendered() {
        assertEquals("x=111", FtwSuite.renderTemplate("x={{ \"1\" | repeat 3 }}"));
        assertThrows(IllegalArgumentException.class, () -> FtwSuite.renderTemplate("{{ now }}"));
    }

    @Test
    void suiteLoadsEveryTestFile() throws Exception {
        Path tests = SharedData.crsDir().resolve("tests/regression/tests");
        Assumptions.assumeTrue(Files.isDirectory(tests) || SharedData.inCi(),
                "CRS regression tests not found at " + tests + " (set -Dcrs.dir or CRS_DIR)");
        List<FtwTest> all = FtwSuite.load(tests);
        assertTrue(all.size() > 4000, "found only " + all.size() + " tests");
        for (FtwTest t : all) {
            for (FtwTest.Stage s : t.stages()) {
                FtwRequest.build(s.input());
            }
        }
    }
}
