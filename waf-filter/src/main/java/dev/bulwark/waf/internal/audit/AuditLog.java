package dev.bulwark.waf.internal.audit;

import dev.bulwark.waf.RuleSet;
import dev.bulwark.waf.Transaction;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The audit log of one rule set: the single entry point the filter calls when a request is done. It decides whether
 * the transaction is recorded (see {@link AuditSettings}), takes a redacted snapshot on the calling thread, and hands
 * it to a background writer that appends one JSON line per transaction to the configured file. Thread-safe: one
 * instance serves every request of the rule set it was opened for.
 *
 * <pre>{@code
 * AuditLog audit = AuditLog.open(ruleSet, "Bulwark WafFilter on " + servletContext.getServerInfo());
 * ...                                          // per request, after phase 5:
 * if (audit.wants(tx, status)) {
 *     audit.record(tx, requestSnapshot, responseSnapshot);
 * }
 * ...
 * audit.close();                               // when the filter is destroyed
 * }</pre>
 *
 * {@link #record} never blocks and never throws: when the writer cannot keep up, records are dropped and counted
 * ({@link #dropped()}), with a WARNING at most once a minute.
 */
public final class AuditLog implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("dev.bulwark.waf");
    private static final AuditLog DISABLED = new AuditLog(AuditSettings.defaults(), null);

    private final AuditSettings settings;
    /** Null when nothing is written (no log file). */
    private final AuditLogWriter writer;
    private final AtomicLong captureErrors = new AtomicLong();
    private final RateLimit captureWarnings = new RateLimit(TimeUnit.MINUTES.toNanos(1), System::nanoTime);

    AuditLog(AuditSettings settings, AuditLogWriter writer) {
        this.settings = settings;
        this.writer = writer;
    }

    /**
     * Opens the audit log of {@code rules}: when its settings name a file, opens it for appending (creating it with
     * {@code SecAuditLogFileMode}) and starts the writer thread; otherwise returns an audit log that records nothing.
     *
     * @param connector the {@code producer.connector} text, e.g. {@code Bulwark WafFilter on jetty/12.0.16}
     * @throws IOException when the file cannot be opened (the message names it): fail at startup, not per request
     */
    public static AuditLog open(RuleSet rules, String connector) throws IOException {
        AuditSettings s = rules.auditSettings();
        if (s.path() == null) {
            return DISABLED;
        }
        RotatingFile file = new RotatingFile(s.path(), s.maxFileBytes(), s.keepFiles(), s.fileMode());
        AuditJson json = new AuditJson(serverId(), "Bulwark v" + version(), connector == null ? "" : connector,
                s.components());
        return new AuditLog(s, AuditLogWriter.start(file, json::format, AuditLogWriter.DEFAULT_CAPACITY));
    }

    /** An audit log that records nothing. */
    public static AuditLog disabled() {
        return DISABLED;
    }

    /** Whether anything can be written at all (a log file is configured). */
    public boolean enabled() {
        return writer != null;
    }

    /**
     * Whether {@code tx}, answered with {@code responseStatus}, is to be recorded: a cheap check, so the caller can
     * skip collecting the snapshots otherwise. Never throws.
     */
    public boolean wants(Transaction tx, int responseStatus) {
        if (writer == null) {
            return false;
        }
        try {
            return settings.shouldRecord(tx, responseStatus);
        } catch (RuntimeException e) {
            captureFailed(e);
            return false;
        }
    }

    /**
     * Records {@code tx} when {@link #wants} says so: snapshots it with the request and response as the servlet layer
     * saw them (redacted, capped, only the configured parts) and queues the record. Call once per transaction, after
     * phase 5 and before closing the transaction. Never blocks, never throws.
     */
    public void record(Transaction tx, RequestSnapshot request, ResponseSnapshot response) {
        if (writer == null) {
            return;
        }
        try {
            if (!settings.shouldRecord(tx, response.status())) {
                return;
            }
            AuditRecord r = AuditRecord.capture(tx, request, response, settings.partsFor(tx), settings.redaction());
            writer.offer(r);
        } catch (RuntimeException e) {
            captureFailed(e);
        }
    }

    /** Transactions written to the log (handed to the file buffer; flushed within a second). */
    public long written() {
        return writer == null ? 0 : writer.written();
    }

    /** Transactions lost because the writer's queue was full (or the log was closed). */
    public long dropped() {
        return writer == null ? 0 : writer.dropped();
    }

    /** Transactions lost to an error: a failed snapshot, or a failed format, write or flush. */
    public long writeErrors() {
        return captureErrors.get() + (writer == null ? 0 : writer.writeErrors());
    }

    public AuditSettings settings() {
        return settings;
    }

    /** Writes what is queued (waiting at most 5 seconds), flushes and closes the file. Idempotent. */
    @Override
    public void close() {
        close(AuditLogWriter.DEFAULT_CLOSE_TIMEOUT);
    }

    /** {@link #close()} with another timeout. */
    public void close(Duration timeout) {
        if (writer != null) {
            writer.close(timeout);
        }
    }

    private void captureFailed(RuntimeException e) {
        captureErrors.incrementAndGet();
        try {
            if (captureWarnings.tryAcquire()) {
                LOG.log(Level.WARNING, "Bulwark audit log: a transaction could not be recorded (" + captureErrors.get()
                        + " so far): " + e, e);
            }
        } catch (RuntimeException ignored) {
            // never reach the request
        }
    }

    /**
     * The {@code server_id}: like libmodsecurity's, a hex SHA-1 that identifies the host without naming it (of the
     * host name from the environment, or "localhost").
     */
    static String serverId() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isEmpty()) {
            host = System.getenv("COMPUTERNAME");
        }
        if (host == null || host.isEmpty()) {
            host = "localhost";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(host.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }

    /** Bulwark's version from the jar's Maven metadata, or "dev" when running from classes. */
    static String version() {
        try (InputStream in = AuditLog.class.getResourceAsStream(
                "/META-INF/maven/dev.bulwark/waf-filter/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.isBlank()) {
                    return v.trim();
                }
            }
        } catch (IOException e) {
            // fall through
        }
        String v = AuditLog.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
