package dev.bulwark.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AuditLogTail}: lines newest first, across blocks and rotated files, without partial lines. */
class AuditLogTailTest {

    @TempDir
    Path dir;

    private static List<String> all(AuditLogTail tail) throws Exception {
        List<String> lines = new ArrayList<>();
        assertTrue(tail.read(lines::add));
        return lines;
    }

    private static String lines(int from, int to) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i <= to; i++) {
            b.append("line ").append(i).append(" ").append("x".repeat(i % 7)).append('\n');
        }
        return b.toString();
    }

    private static List<String> expected(int newest, int oldest) {
        List<String> out = new ArrayList<>();
        for (int i = newest; i >= oldest; i--) {
            out.add("line " + i + " " + "x".repeat(i % 7));
        }
        return out;
    }

    @Test
    void linesComeNewestFirstWhateverTheBlockSize() throws Exception {
        Path log = dir.resolve("audit.log");
        Files.writeString(log, lines(1, 50), StandardCharsets.ISO_8859_1);
        for (int block : new int[] {1, 2, 3, 7, 8, 9, 64, 1 << 16}) {
            AuditLogTail tail = new AuditLogTail(log, Long.MAX_VALUE, block);
            assertEquals(expected(50, 1), all(tail), "block " + block);
            assertEquals(Files.size(log), tail.bytesRead());
            assertTrue(tail.found());
        }
    }

    @Test
    void aPartialLastLineIsNotALine() throws Exception {
        Path log = dir.resolve("audit.log");
        Files.writeString(log, lines(1, 3) + "{\"transaction\":{\"unique_id\":\"half", StandardCharsets.ISO_8859_1);
        for (int block : new int[] {1, 5, 1 << 16}) {
            assertEquals(expected(3, 1), all(new AuditLogTail(log, Long.MAX_VALUE, block)), "block " + block);
        }
        Files.writeString(log, "only a partial line", StandardCharsets.ISO_8859_1);
        assertEquals(List.of(), all(new AuditLogTail(log, Long.MAX_VALUE, 4)));
        Files.writeString(log, "", StandardCharsets.ISO_8859_1);
        assertEquals(List.of(), all(new AuditLogTail(log, Long.MAX_VALUE, 4)));
    }

    @Test
    void blankLinesAreSkippedAndBytesStayBytes() throws Exception {
        Path log = dir.resolve("audit.log");
        Files.write(log, new byte[] {'a', '\n', '\n', ' ', '\n', (byte) 0xe9, (byte) 0xff, '\n'});
        assertEquals(List.of("\u00e9\u00ff", "a"), all(new AuditLogTail(log, Long.MAX_VALUE, 2)));
    }

    @Test
    void rotatedFilesFollowTheLiveOne() throws Exception {
        Path log = dir.resolve("audit.log");
        Files.writeString(log, lines(21, 30), StandardCharsets.ISO_8859_1);
        Files.writeString(dir.resolve("audit.log.1"), lines(11, 20), StandardCharsets.ISO_8859_1);
        Files.writeString(dir.resolve("audit.log.2"), lines(1, 10), StandardCharsets.ISO_8859_1);
        Files.writeString(dir.resolve("audit.log.4"), lines(100, 101), StandardCharsets.ISO_8859_1); // after a gap
        assertEquals(expected(30, 1), all(new AuditLogTail(log, Long.MAX_VALUE, 16)));
    }

    @Test
    void justAfterARotationTheLiveFileMayBeMissing() throws Exception {
        Path log = dir.resolve("audit.log");
        Files.writeString(dir.resolve("audit.log.1"), lines(1, 5), StandardCharsets.ISO_8859_1);
        AuditLogTail tail = new AuditLogTail(log, Long.MAX_VALUE, 16);
        assertEquals(expected(5, 1), all(tail));
        assertFalse(tail.found());
        AuditLogTail none = new AuditLogTail(dir.resolve("nothing.log"), Long.MAX_VALUE, 16);
        assertEquals(List.of(), all(none));
        assertFalse(none.found());
    }

    @Test
    void aFileSeenUnderTwoNamesIsReadOnce() throws Exception {
        Path log = dir.resolve("audit.log");
        Files.writeString(log, lines(1, 4), StandardCharsets.ISO_8859_1);
        // a rotation while reading shows the same file again as audit.log.1
        Files.createLink(dir.resolve("audit.log.1"), log);
        Files.writeString(dir.resolve("audit.log.2"), lines(0, 0), StandardCharsets.ISO_8859_1);
        assertEquals(expected(4, 0), all(new AuditLogTail(log, Long.MAX_VALUE, 8)));
    }

    @Test
    void theConsumerStopsTheReadAndTheBudgetBoundsIt() throws Exception {
        Path log = dir.resolve("audit.log");
        Files.writeString(log, lines(1, 1000), StandardCharsets.ISO_8859_1);
        List<String> got = new ArrayList<>();
        AuditLogTail tail = new AuditLogTail(log, Long.MAX_VALUE, 64);
        assertFalse(tail.read(l -> got.add(l) && got.size() < 3));
        assertEquals(expected(1000, 998), got);
        assertTrue(tail.bytesRead() <= 128, "read " + tail.bytesRead() + " bytes for three short lines");

        AuditLogTail budget = new AuditLogTail(log, 100, 64);
        List<String> some = all(budget);
        assertTrue(budget.budgetExhausted());
        assertTrue(budget.bytesRead() <= 128);
        assertEquals(expected(1000, 1001 - some.size()), some);
    }

    @Test
    void overlongLinesAreSkippedAndCounted() throws Exception {
        Path log = dir.resolve("audit.log");
        String huge = "y".repeat(AuditLogTail.MAX_LINE + 1);
        Files.writeString(log, huge + "\nlast\n", StandardCharsets.ISO_8859_1);
        AuditLogTail tail = new AuditLogTail(log, Long.MAX_VALUE, 1 << 16);
        assertEquals(List.of("last"), all(tail));
        assertEquals(1, tail.oversized());
        Files.writeString(log, "first\n" + huge + "\nlast\n", StandardCharsets.ISO_8859_1);
        AuditLogTail middle = new AuditLogTail(log, Long.MAX_VALUE, 1 << 16);
        assertEquals(List.of("last", "first"), all(middle));
        assertEquals(1, middle.oversized());
    }
}
