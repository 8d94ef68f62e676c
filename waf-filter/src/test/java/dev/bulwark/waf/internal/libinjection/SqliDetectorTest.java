package dev.bulwark.waf.internal.libinjection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqliDetectorTest {

    /** Lines of a corpus in this package's test resources, comments and blank lines left out. */
    private static List<String> corpus(String name) throws IOException {
        try (InputStream in = SqliDetectorTest.class.getResourceAsStream(name)) {
            assertNotNull(in, name);
            List<String> lines = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    // UTF-8 text file, byte-string values: one char per byte.
                    lines.add(new String(line.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
                }
            }
            return lines;
        }
    }

    @TestFactory
    Stream<DynamicTest> attacksAreDetected() throws IOException {
        List<String> attacks = corpus("sqli-attacks.txt");
        assertTrue(attacks.size() >= 80, "corpus loaded: " + attacks.size());
        return attacks.stream().map(a -> dynamicTest(a, () -> assertNotNull(SqliDetector.detect(a), a)));
    }

    @TestFactory
    Stream<DynamicTest> ordinaryInputIsNotDetected() throws IOException {
        List<String> benign = corpus("sqli-benign.txt");
        assertTrue(benign.size() >= 100, "corpus loaded: " + benign.size());
        return benign.stream().map(b -> dynamicTest(b, () -> assertNull(SqliDetector.detect(b), b)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "1234 OR 1=1                                   | 1&1",
        "-1839' or '1'='1                              | s&sos",
        "-1839\" or \"1\"=\"2                          | s&sos",
        "EmptyValue' and 526=527                       | s&1",
        "foo') UNION ALL select NULL --                | s)UEv",
        "foo')waitfor delay'5:0:20'--                  | s)Esc",
        "sleep(20)                                     | f(1)",
        "ascii(substring(version() from 1 for 1))      | f(f(f",
        "2010-01-01'+sleep(20.to_i)+'                  | sof(1",
        "admin'--                                      | sc",
        "1 UNION SELECT 1,2,3                          | 1UE1",
        "1 /*!50000UNION*/ SELECT 1                    | X",
        "1; DROP TABLE users                           | 1;Tnn",
    })
    void fingerprintOfTheDecidingReading(String input, String fingerprint) {
        assertEquals(fingerprint, SqliDetector.detect(input));
    }

    @ParameterizedTest(name = "{0} [{1}] -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "1,2,3                 | BARE_ANSI          | 1",
        "x.y.z                 | BARE_ANSI          | n",
        "((((1))))             | BARE_ANSI          | 1)",
        "1::int                | BARE_ANSI          | 1",
        "'a' 'b'               | BARE_ANSI          | s",
        "@a=1                  | BARE_ANSI          | v",
        "1 OR 1=1 --           | BARE_ANSI          | 1&1c",
        "{fn concat('a')}      | BARE_ANSI          | f(s)",
        "1;;drop table x       | BARE_ANSI          | 1;Tnn",
        "CAST(1 AS CHAR)       | BARE_ANSI          | f(1kf",
        "1 union all select 1  | BARE_ANSI          | 1UE1",
        "1 order by 1          | BARE_ANSI          | 1B1",
        "1 not in (1,2)        | BARE_ANSI          | 1",
        "1 not in (x,2) union  | BARE_ANSI          | 1o(n)",
        "x' OR 1=1#            | SINGLE_QUOTE_MYSQL | s&1c",
        "x' OR 1=1#            | SINGLE_QUOTE_ANSI  | s&1o",
    })
    void foldingShapesTheFingerprint(String input, SqlContext context, String fingerprint) {
        assertEquals(fingerprint, SqliDetector.fingerprint(input, context));
    }

    @Test
    void emptyInputIsNotInjection() {
        assertNull(SqliDetector.detect(""));
        assertTrue(!SqliDetector.isSqlInjection(""));
    }

    @Test
    void veryShortShapesAreConfirmedByTheirTokens() {
        assertNull(SqliDetector.detect("1 or 2"), "1&1 from three tokens is text");
        assertNotNull(SqliDetector.detect("1 or 2=2"), "1&1 folded from five tokens is not");
        assertNotNull(SqliDetector.detect("1234 --"));
        assertNull(SqliDetector.detect("1234 #note"), "MySQL # comment after a number");
        assertNull(SqliDetector.detect("admin'-- just kidding"), "prose after --");
        assertNull(SqliDetector.detect("1 union"));
        assertNotNull(SqliDetector.detect("1 union --"));
        assertNull(SqliDetector.detect("1 from x"));
        assertNotNull(SqliDetector.detect("1 into outfile 'x'"));
        assertNotNull(SqliDetector.detect("x'-- sp_password"), "SQL Server log hiding");
    }

    @Test
    void mySqlCommentRulesAreTriedWhenTheyCouldDiffer() {
        // ANSI reads "--x" as a comment; MySQL reads two minus signs, so "1--1 union select" is a union there.
        assertNotNull(SqliDetector.detect("1--1 union select 1"));
        assertEquals("1", SqliDetector.fingerprint("1--1 union select 1", SqlContext.BARE_ANSI).substring(0, 1));
    }

    @Test
    void concurrentCallsGiveTheSameAnswersAsSequentialOnes() throws Exception {
        List<String> inputs = new ArrayList<>(corpus("sqli-attacks.txt"));
        inputs.addAll(corpus("sqli-benign.txt"));
        List<String> expected = new ArrayList<>();
        for (String input : inputs) {
            expected.add(String.valueOf(SqliDetector.detect(input)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> runs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                runs.add(pool.submit(() -> {
                    List<String> got = new ArrayList<>();
                    for (int round = 0; round < 20; round++) {
                        got.clear();
                        for (String input : inputs) {
                            got.add(String.valueOf(SqliDetector.detect(input)));
                        }
                    }
                    return got;
                }));
            }
            for (Future<List<String>> run : runs) {
                assertEquals(expected, run.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void arbitraryBytesNeverFail() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 256; c++) {
            all.append(c);
        }
        String bytes = all.toString();
        for (int start = 0; start < bytes.length(); start++) {
            SqliDetector.detect(bytes.substring(start));
            SqliDetector.detect(bytes.substring(0, start));
        }
        SqliDetector.detect("'".repeat(10_000));
        SqliDetector.detect("(".repeat(10_000) + "1" + ")".repeat(10_000));
        SqliDetector.detect("1+".repeat(10_000) + "1");
        SqliDetector.detect("/*".repeat(1000));
        SqliDetector.detect("$" + "a".repeat(5000) + "$" + ("$" + "a".repeat(4999) + "b").repeat(20));
    }
}
