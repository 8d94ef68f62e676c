package dev.bulwark.demo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads the lines of an audit log newest first, from the end of the file backwards in blocks, then on into the files
 * the filter's rotation left ({@code FILE.1}, {@code FILE.2}, ...), so that the latest records cost a few reads however
 * large the log. Lines are byte strings (ISO-8859-1). What a live log can hold is tolerated:
 *
 * <ul>
 *   <li>a last line without its newline (being written, or cut by a crash) is not a record yet and is skipped;
 *   <li>a rotation during the read: a file already read (same file key) is not read again under its new name;
 *   <li>a file truncated during the read ({@code copytruncate}) ends that file's reading;
 *   <li>a line longer than {@link #MAX_LINE} bytes is skipped and counted.
 * </ul>
 *
 * <p>At most {@code budget} bytes are read per {@link #read}, which bounds the cost of a page view. One instance per
 * read; not thread-safe.
 */
final class AuditLogTail {

    /** Lines longer than this are not audit records the filter writes (its caps keep lines far shorter). */
    static final int MAX_LINE = 4 * 1024 * 1024;

    private static final byte[] EMPTY = new byte[0];

    private final Path file;
    private final long budget;
    private final int blockSize;

    private long bytesRead;
    private boolean budgetExhausted;
    private int oversized;
    private boolean found;

    /**
     * @param file the live audit log; its rotated files are {@code file.1}, {@code file.2}, ...
     * @param budget how many bytes one {@link #read} may read at most, over all files
     * @param blockSize how many bytes are read at a time
     */
    AuditLogTail(Path file, long budget, int blockSize) {
        if (budget <= 0 || blockSize <= 0) {
            throw new IllegalArgumentException("budget and block size must be positive");
        }
        this.file = file;
        this.budget = budget;
        this.blockSize = blockSize;
    }

    /**
     * Hands every complete, non-blank line to {@code consumer}, newest first, until it returns false, the files run out
     * or the budget is spent.
     *
     * @return false when the consumer asked to stop
     * @throws IOException when a file exists but cannot be read
     */
    boolean read(Predicate<String> consumer) throws IOException {
        Set<Object> seen = new HashSet<>();
        for (int n = 0; ; n++) {
            Path f = n == 0 ? file : file.resolveSibling(file.getFileName() + "." + n);
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
                found |= n == 0;
                // the key of the file just opened (a rotation in between is caught by the id check of the callers)
                Object key = Files.readAttributes(f, BasicFileAttributes.class).fileKey();
                if (key != null && !seen.add(key)) {
                    continue;
                }
                if (!backwards(ch, consumer)) {
                    return false;
                }
            } catch (NoSuchFileException e) {
                if (n > 0) {
                    return true; // no more rotated files
                }
            }
            if (budgetExhausted) {
                return true;
            }
        }
    }

    /** Reads one file from its end; false when the consumer asked to stop. */
    private boolean backwards(FileChannel ch, Predicate<String> consumer) throws IOException {
        long end = ch.size();
        byte[] block = new byte[(int) Math.min(blockSize, Math.max(end, 1))];
        byte[] carry = EMPTY; // the end of a line whose start lies before the block just read
        boolean tooLong = false;
        boolean partial = true; // the bytes after the file's last newline: no complete line
        while (end > 0) {
            if (bytesRead >= budget) {
                budgetExhausted = true;
                return true;
            }
            int n = (int) Math.min(block.length, end);
            long start = end - n;
            ByteBuffer buffer = ByteBuffer.wrap(block, 0, n);
            while (buffer.hasRemaining()) {
                if (ch.read(buffer, start + buffer.position()) < 0) {
                    return true; // truncated under us: what is left of this file is gone
                }
            }
            bytesRead += n;
            int lineEnd = n;
            for (int i = n - 1; i >= 0; i--) {
                if (block[i] != '\n') {
                    continue;
                }
                if (!partial) {
                    if (tooLong) {
                        oversized++;
                    } else if (!hand(block, i + 1, lineEnd, carry, consumer)) {
                        return false;
                    }
                }
                partial = false;
                carry = EMPTY;
                tooLong = false;
                lineEnd = i;
            }
            if (!tooLong) {
                if ((long) lineEnd + carry.length > MAX_LINE) {
                    tooLong = true;
                    carry = EMPTY;
                } else {
                    byte[] joined = new byte[lineEnd + carry.length];
                    System.arraycopy(block, 0, joined, 0, lineEnd);
                    System.arraycopy(carry, 0, joined, lineEnd, carry.length);
                    carry = joined;
                }
            }
            end = start;
        }
        // the file's first line, which has no newline before it
        if (partial) {
            return true;
        }
        if (tooLong) {
            oversized++;
            return true;
        }
        return hand(carry, 0, carry.length, EMPTY, consumer);
    }

    /** Gives {@code block[from, to)} followed by {@code carry} to the consumer, unless blank or too long. */
    private boolean hand(byte[] block, int from, int to, byte[] carry, Predicate<String> consumer) {
        if ((long) to - from + carry.length > MAX_LINE) {
            oversized++;
            return true;
        }
        byte[] line;
        if (carry.length == 0) {
            line = Arrays.copyOfRange(block, from, to);
        } else if (from == to) {
            line = carry;
        } else {
            line = new byte[to - from + carry.length];
            System.arraycopy(block, from, line, 0, to - from);
            System.arraycopy(carry, 0, line, to - from, carry.length);
        }
        String text = new String(line, StandardCharsets.ISO_8859_1);
        return text.isBlank() || consumer.test(text);
    }

    /** Whether the live file existed at the last {@link #read}. */
    boolean found() {
        return found;
    }

    /** Bytes read so far. */
    long bytesRead() {
        return bytesRead;
    }

    /** Whether reading stopped because the budget was spent. */
    boolean budgetExhausted() {
        return budgetExhausted;
    }

    /** Lines skipped for being longer than {@link #MAX_LINE}. */
    int oversized() {
        return oversized;
    }
}
