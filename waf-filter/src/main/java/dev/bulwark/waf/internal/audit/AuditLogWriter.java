package dev.bulwark.waf.internal.audit;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A bounded asynchronous writer: request threads {@link #offer} records, which never blocks and never throws; one
 * daemon thread formats them and appends them to the sink. When the queue is full the record is dropped and counted,
 * and a WARNING goes to the {@code dev.bulwark.waf} logger at most once a minute while drops go on (per-request
 * events belong in the audit log, not in the server log). Write errors are counted and warned about the same way.
 *
 * <p>The sink is flushed whenever the queue runs empty and at least every second while it does not, and on close.
 * {@link #close} drains what is queued within a timeout. Thread-safe.
 */
final class AuditLogWriter implements AutoCloseable {

    static final int DEFAULT_CAPACITY = 1024;
    static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private static final System.Logger LOG = System.getLogger("dev.bulwark.waf");
    private static final long FLUSH_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long WARN_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** Tells the thread that close() was called and everything before it is queued. */
    private static final Object END = new Object();

    private final BlockingQueue<Object> queue;
    private final int capacity;
    private final AuditSink sink;
    private final Function<AuditRecord, String> format;
    private final Thread thread;

    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong writeErrors = new AtomicLong();
    private final RateLimit dropWarnings = new RateLimit(WARN_NANOS, System::nanoTime);
    private final RateLimit errorWarnings = new RateLimit(WARN_NANOS, System::nanoTime);
    private volatile boolean closed;

    private AuditLogWriter(AuditSink sink, Function<AuditRecord, String> format, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue capacity must be at least 1, not " + capacity);
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.capacity = capacity;
        this.sink = sink;
        this.format = format;
        this.thread = new Thread(this::run, "bulwark-audit-log");
        this.thread.setDaemon(true);
    }

    /** Starts the writer thread; the writer owns {@code sink} from now on and closes it when done. */
    static AuditLogWriter start(AuditSink sink, Function<AuditRecord, String> format, int capacity) {
        AuditLogWriter w = new AuditLogWriter(sink, format, capacity);
        w.thread.start();
        return w;
    }

    /**
     * Queues {@code record} for writing; returns false (and counts a drop) when the queue is full or the writer is
     * closed. Never blocks, never throws.
     */
    boolean offer(AuditRecord record) {
        boolean accepted;
        try {
            accepted = !closed && queue.offer(record);
        } catch (RuntimeException e) {
            accepted = false;
        }
        if (!accepted) {
            long total = dropped.incrementAndGet();
            try {
                if (dropWarnings.tryAcquire()) {
                    LOG.log(Level.WARNING, "Bulwark audit log: {0} record(s) dropped so far: the queue ({1} "
                            + "records) was full (the disk or the writer cannot keep up) or the log was closed",
                            total, capacity);
                }
            } catch (RuntimeException e) {
                // a broken logger must not reach the request thread
            }
        }
        return accepted;
    }

    /** Lines handed to the sink (flushed to the file within a second). */
    long written() {
        return written.get();
    }

    /** Records lost because the queue was full or the writer closed. */
    long dropped() {
        return dropped.get();
    }

    /** Records lost because formatting or writing them failed. */
    long writeErrors() {
        return writeErrors.get();
    }

    @Override
    public void close() {
        close(DEFAULT_CLOSE_TIMEOUT);
    }

    /**
     * Stops accepting records, writes what is queued, flushes and closes the sink, waiting at most {@code timeout}.
     * When the writer is stuck (a disk that does not answer) it is left to finish on its own and a WARNING says how
     * many records were still queued. Idempotent.
     */
    void close(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        boolean interrupted = false;
        try {
            if (!queue.offer(END, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                warnStuck();
                return;
            }
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (thread.isAlive()) {
                warnStuck();
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void warnStuck() {
        LOG.log(Level.WARNING, "Bulwark audit log: the writer did not finish within the close timeout; about {0} "
                + "queued record(s) may not be written", queue.size());
    }

    private void run() {
        long lastFlush = System.nanoTime();
        boolean dirty = false;
        try {
            while (true) {
                Object next;
                try {
                    long wait = dirty ? Math.max(0, lastFlush + FLUSH_NANOS - System.nanoTime()) : FLUSH_NANOS;
                    next = queue.poll(wait, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    // only close() ends the writer; an interrupt from elsewhere is not a reason to lose records
                    continue;
                }
                if (next == END) {
                    break;
                }
                if (next != null) {
                    write((AuditRecord) next);
                    dirty = true;
                }
                long now = System.nanoTime();
                if (dirty && (next == null || queue.isEmpty() || now - lastFlush >= FLUSH_NANOS)) {
                    flush();
                    dirty = false;
                    lastFlush = now;
                }
            }
            // records offered while close() was queueing END
            Object late;
            while ((late = queue.poll()) != null) {
                if (late != END) {
                    write((AuditRecord) late);
                }
            }
        } finally {
            flush();
            try {
                sink.close();
            } catch (IOException | RuntimeException e) {
                writeError("closing the audit log failed", e);
            }
        }
    }

    private void write(AuditRecord record) {
        try {
            sink.write(format.apply(record));
            written.incrementAndGet();
        } catch (IOException | RuntimeException e) {
            writeErrors.incrementAndGet();
            writeError("writing a record failed", e);
        }
    }

    private void flush() {
        try {
            sink.flush();
        } catch (IOException | RuntimeException e) {
            writeErrors.incrementAndGet();
            writeError("flushing failed", e);
        }
    }

    private void writeError(String what, Exception e) {
        try {
            if (errorWarnings.tryAcquire()) {
                LOG.log(Level.WARNING, "Bulwark audit log: " + what + " (" + writeErrors.get()
                        + " write error(s) so far): " + e, e);
            }
        } catch (RuntimeException ignored) {
            // a broken logger must not stop the writer
        }
    }
}
