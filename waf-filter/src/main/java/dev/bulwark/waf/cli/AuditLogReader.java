package dev.bulwark.waf.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * Reads audit log files line by line (one JSON transaction per line; a {@code .gz} file, as logrotate leaves them,
 * is read through gzip). Bytes are read one char per byte (ISO-8859-1), so values come back as byte strings. A line
 * that is not JSON, or not an audit record, is skipped and counted, never fatal: a log cut by a crash or a full
 * disk still explains everything else in it. Not thread-safe; one per command.
 */
final class AuditLogReader {

    /** How many skipped lines are described in detail; the rest are only counted. */
    static final int PROBLEMS_KEPT = 5;

    private int lines;
    private int entries;
    private int skipped;
    private final List<String> problems = new ArrayList<>();

    /**
     * Reads {@code file}, handing each record to {@code consumer} until it returns false.
     *
     * @param prefilter a cheap test on the raw line: lines it refuses are not even parsed (and so never counted as
     *     skipped); {@code line -> true} to read everything
     * @return false when the consumer asked to stop
     * @throws IOException when the file cannot be opened or read (the message names it)
     */
    boolean read(Path file, Predicate<String> prefilter, Predicate<AuditEntry> consumer) throws IOException {
        try (InputStream in = open(file);
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1),
                        1 << 16)) {
            String line;
            int number = 0;
            while ((line = r.readLine()) != null) {
                number++;
                lines++;
                if (line.isBlank() || !prefilter.test(line)) {
                    continue;
                }
                AuditEntry e = parse(line, file + ":" + number);
                if (e != null) {
                    entries++;
                    if (!consumer.test(e)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static InputStream open(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + " is a directory, not an audit log file");
        }
        InputStream in = Files.newInputStream(file);
        if (file.getFileName() != null && file.getFileName().toString().endsWith(".gz")) {
            try {
                return new GZIPInputStream(in, 1 << 16);
            } catch (IOException e) {
                in.close();
                throw new IOException(file + " is not a gzip file: " + e.getMessage(), e);
            }
        }
        return in;
    }

    /** One line as a record, or null (counted and described) when it is not one. */
    AuditEntry parse(String line, String where) {
        try {
            return entry(line, where);
        } catch (IllegalArgumentException e) {
            skip(where + ": " + e.getMessage());
            return null;
        }
    }

    /**
     * One line as a record.
     *
     * @throws IllegalArgumentException when it is not one; the message says why (without {@code where})
     */
    static AuditEntry entry(String line, String where) {
        try {
            return AuditEntry.from(Json.object(line), where);
        } catch (Json.SyntaxException | IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (RuntimeException e) {
            // never crash on a line: whatever went wrong, it is one line
            throw new IllegalArgumentException("unreadable record (" + e + ")", e);
        } catch (StackOverflowError e) {
            throw new IllegalArgumentException("nested too deeply", e);
        }
    }

    private void skip(String problem) {
        skipped++;
        if (problems.size() < PROBLEMS_KEPT) {
            problems.add(problem);
        }
    }

    /** Lines read so far (blank ones included). */
    int lines() {
        return lines;
    }

    /** Records handed to consumers. */
    int entries() {
        return entries;
    }

    /** Lines skipped because they were not audit records. */
    int skipped() {
        return skipped;
    }

    /** The first {@value #PROBLEMS_KEPT} skipped lines, {@code file:line: why}. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    /** A line for stderr about skipped lines, or null when none was skipped. */
    String skippedSummary() {
        if (skipped == 0) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        b.append("warning: skipped ").append(skipped).append(skipped == 1 ? " line" : " lines")
                .append(" that are not audit records");
        for (String p : problems) {
            b.append("\n  ").append(ByteText.excerpt(p, 200));
        }
        if (skipped > problems.size()) {
            b.append("\n  ...");
        }
        return b.toString();
    }
}
