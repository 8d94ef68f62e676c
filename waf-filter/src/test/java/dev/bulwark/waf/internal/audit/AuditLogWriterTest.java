package dev.bulwark.waf.internal.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.waf.EngineMode;
import dev.bulwark.waf.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The asynchronous writer and the rotating file. Latches, not sleeps: nothing here depends on timing. */
class AuditLogWriterTest {

    @TempDir
    Path dir;

    private static AuditRecord record(String id) {
        return new AuditRecord(id, Instant.EPOCH, EngineMode.ON, AuditParts.parse("AZ"),
                new AuditRecord.Request("", 0, "", 0, "GET", "/", "HTTP/1.1", List.of(), null, -1),
                new AuditRecord.Response(200, List.of(), null, -1),
                new AuditRecord.Outcome(Verdict.Outcome.PASS, 0, -1, null), List.of(), Map.of());
    }

    /** Keeps the lines; can be made to block in write until released. */
    private static final class MemorySink implements AuditSink {
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release;
        volatile int flushes;
        volatile boolean closed;

        MemorySink(boolean blocking) {
            release = new CountDownLatch(blocking ? 1 : 0);
        }

        @Override
        public void write(String line) throws IOException {
            entered.countDown();
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new IOException("test sink was never released");
                }
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            lines.add(line);
        }

        @Override
        public void flush() {
            flushes++;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void offerWhenQueueFullThenRecordsAreDroppedAndCountedWithoutBlocking() throws Exception {
        MemorySink sink = new MemorySink(true);
        AuditLogWriter w = AuditLogWriter.start(sink, AuditRecord::id, 2);
        assertTrue(w.offer(record("r0")));
        assertTrue(sink.entered.await(30, TimeUnit.SECONDS), "the writer took r0 and is blocked in the sink");
        assertTrue(w.offer(record("r1")));
        assertTrue(w.offer(record("r2")));
        assertFalse(w.offer(record("r3")), "queue of 2 is full");
        assertFalse(w.offer(record("r4")));
        assertFalse(w.offer(record("r5")));
        assertEquals(3, w.dropped());
        assertEquals(0, w.written());
        sink.release.countDown();
        w.close();
        assertEquals(List.of("r0", "r1", "r2"), sink.lines);
        assertEquals(3, w.written());
        assertEquals(3, w.dropped());
        assertEquals(0, w.writeErrors());
    }

    @Test
    void closeWhenRecordsQueuedThenAllWrittenFlushedAndSinkClosed() {
        MemorySink sink = new MemorySink(false);
        AuditLogWriter w = AuditLogWriter.start(sink, AuditRecord::id, 100);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            assertTrue(w.offer(record("r" + i)));
            expected.add("r" + i);
        }
        w.close(Duration.ofSeconds(30));
        assertEquals(expected, sink.lines);
        assertEquals(50, w.written());
        assertTrue(sink.flushes > 0);
        assertTrue(sink.closed);
        assertFalse(w.offer(record("late")), "closed");
        assertEquals(1, w.dropped());
        w.close(); // idempotent
    }

    @Test
    void writeWhenSinkFailsThenCountedAndWriterGoesOn() {
        AtomicLong calls = new AtomicLong();
        List<String> lines = new ArrayList<>();
        AuditSink failing = new AuditSink() {
            @Override
            public void write(String line) throws IOException {
                if (calls.incrementAndGet() % 2 == 1) {
                    throw new IOException("disk full");
                }
                lines.add(line);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        AuditLogWriter w = AuditLogWriter.start(failing, AuditRecord::id, 10);
        for (int i = 0; i < 4; i++) {
            assertTrue(w.offer(record("r" + i)));
        }
        w.close(Duration.ofSeconds(30));
        assertEquals(List.of("r1", "r3"), lines);
        assertEquals(2, w.written());
        assertEquals(2, w.writeErrors());
    }

    @Test
    void writeWhenFormatterThrowsThenCountedAsWriteError() {
        MemorySink sink = new MemorySink(false);
        AuditLogWriter w = AuditLogWriter.start(sink, r -> {
            if (r.id().equals("bad")) {
                throw new IllegalStateException("cannot format");
            }
            return r.id();
        }, 10);
        w.offer(record("bad"));
        w.offer(record("good"));
        w.close(Duration.ofSeconds(30));
        assertEquals(List.of("good"), sink.lines);
        assertEquals(1, w.writeErrors());
    }

    @Test
    void rateLimitWhenCalledRepeatedlyThenOncePerInterval() {
        AtomicLong now = new AtomicLong(1_000);
        RateLimit limit = new RateLimit(60, now::get);
        assertTrue(limit.tryAcquire(), "the first call passes");
        assertFalse(limit.tryAcquire());
        now.addAndGet(59);
        assertFalse(limit.tryAcquire());
        now.addAndGet(1);
        assertTrue(limit.tryAcquire());
        assertFalse(limit.tryAcquire());
    }

    @Test
    void rotatingFileWhenSizeExceededThenShiftsFilesAndKeepsN() throws IOException {
        Path file = dir.resolve("audit.json");
        RotatingFile f = new RotatingFile(file, 25, 2, 0640);
        // each line is 10 bytes with its line break: two fit in 25 bytes
        for (int i = 0; i < 9; i++) {
            f.write("line-" + i + "...");
        }
        f.close();
        assertEquals(List.of("line-8..."), Files.readAllLines(file));
        assertEquals(List.of("line-6...", "line-7..."), Files.readAllLines(dir.resolve("audit.json.1")));
        assertEquals(List.of("line-4...", "line-5..."), Files.readAllLines(dir.resolve("audit.json.2")));
        assertFalse(Files.exists(dir.resolve("audit.json.3")), "only 2 rotated files are kept");
    }

    @Test
    void rotatingFileWhenReopenedThenAppendsAndCountsExistingSize() throws IOException {
        Path file = dir.resolve("audit.json");
        Files.writeString(file, "old-line\n", StandardCharsets.US_ASCII);
        RotatingFile f = new RotatingFile(file, 20, 1, 0640);
        assertEquals(9, f.size());
        f.write("new-line");
        f.write("newest");
        f.close();
        assertEquals(List.of("newest"), Files.readAllLines(file));
        assertEquals(List.of("old-line", "new-line"), Files.readAllLines(dir.resolve("audit.json.1")));
    }

    @Test
    void rotatingFileWhenNoLimitThenNeverRotates() throws IOException {
        Path file = dir.resolve("audit.json");
        RotatingFile f = new RotatingFile(file, 0, 0, 0640);
        for (int i = 0; i < 100; i++) {
            f.write("x".repeat(100));
        }
        f.close();
        assertEquals(100, Files.readAllLines(file).size());
        assertFalse(Files.exists(dir.resolve("audit.json.1")));
    }

    @Test
    void rotatingFileWhenNewFileThenCreatedWithConfiguredMode() throws IOException {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"),
                "permissions are POSIX only");
        Path file = dir.resolve("audit.json");
        new RotatingFile(file, 0, 1, 0600).close();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rw-r-----", RotatingFile.permissionString(0640));
    }

    @Test
    void rotatingFileWhenDirectoryMissingThenErrorNamesThePath() {
        Path file = dir.resolve("missing/audit.json");
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> new RotatingFile(file, 0, 1, 0640));
        assertTrue(e.getMessage().contains(file.toAbsolutePath().toString()), e.getMessage());
    }
}
