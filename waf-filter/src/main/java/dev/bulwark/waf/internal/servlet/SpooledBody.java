package dev.bulwark.waf.internal.servlet;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * A request body read for inspection and kept so the application gets every byte back: in memory up to the in-memory
 * limit ({@code SecRequestBodyInMemoryLimit}), beyond it in a temporary file that only the JVM's user can read
 * (POSIX permissions 600 where the file system has them) and that {@link #close()} deletes. With ProcessPartial, the
 * bytes past the body limit are left in the container's stream ({@link #rest()}) and handed on unread.
 *
 * <p>Reads ({@link #open}) are positional, so several streams (the replayed body, multipart parts) can read the held
 * bytes independently. Writing is single-threaded (the request thread, while the filter reads the body).
 */
final class SpooledBody implements Closeable {

    /** Largest body held in memory (and largest response held); limits beyond it are capped to it. */
    static final int MAX_IN_MEMORY = Integer.MAX_VALUE - 16;

    private static final String PREFIX = "bulwark-body-";
    private static final byte[] EMPTY = new byte[0];
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

    private final int inMemoryLimit;
    private final Path directory;

    private byte[] memory = EMPTY;
    private long length;
    private Path file;
    private FileChannel channel;
    /** The container's stream when bytes beyond the limit may follow (ProcessPartial), else null. */
    private InputStream rest;
    /** Set by {@link #close()}, which may run on another thread than the reads (end of an async request). */
    private volatile boolean closed;

    /**
     * @param inMemoryLimit the most bytes held in memory; a longer body goes to a file
     * @param directory where the file goes, or null for {@code java.io.tmpdir}
     * @param expectedLength the declared length, or -1: sizes the memory buffer
     */
    SpooledBody(long inMemoryLimit, Path directory, long expectedLength) {
        this.inMemoryLimit = (int) Math.max(0, Math.min(MAX_IN_MEMORY, inMemoryLimit));
        this.directory = directory;
        if (expectedLength > 0 && expectedLength <= this.inMemoryLimit) {
            memory = new byte[(int) expectedLength];
        }
    }

    /** Appends {@code b[off, off + len)}, moving to a file when the in-memory limit would be passed. */
    void append(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("request body already released");
        }
        if (len == 0) {
            return;
        }
        if (channel == null && length + len <= inMemoryLimit) {
            if (length + len > memory.length) {
                long doubled = Math.max(1024L, memory.length * 2L);
                memory = Arrays.copyOf(memory, (int) Math.min(inMemoryLimit, Math.max(length + len, doubled)));
            }
            System.arraycopy(b, off, memory, (int) length, len);
            length += len;
            return;
        }
        if (channel == null) {
            spool();
        }
        writeFully(ByteBuffer.wrap(b, off, len), length);
        length += len;
    }

    /** Moves the bytes held in memory to a new owner-only temporary file, which takes every later byte. */
    private void spool() throws IOException {
        Path dir = directory != null ? directory : Path.of(System.getProperty("java.io.tmpdir"));
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (posix) {
            FileAttribute<Set<PosixFilePermission>> ownerOnly = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
            file = Files.createTempFile(dir, PREFIX, ".tmp", ownerOnly);
        } else {
            file = Files.createTempFile(dir, PREFIX, ".tmp");
            restrictToOwner(file);
        }
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            writeFully(ByteBuffer.wrap(memory, 0, (int) length), 0);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        memory = EMPTY;
    }

    /** Without POSIX permissions (Windows): take read and write away from everyone but the owner, where possible. */
    private static void restrictToOwner(Path path) {
        java.io.File f = path.toFile();
        f.setReadable(false, false);
        f.setReadable(true, true);
        f.setWritable(false, false);
        f.setWritable(true, true);
    }

    private void writeFully(ByteBuffer buffer, long at) throws IOException {
        long position = at;
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
    }

    /** Number of bytes held (in memory or in the file), not counting {@link #rest()}. */
    long length() {
        return length;
    }

    /** Whether the body went to a temporary file. */
    boolean spooled() {
        return file != null;
    }

    /** The temporary file, or null while the body is in memory. */
    Path file() {
        return file;
    }

    /** Leaves what the container still holds (past the limit, with ProcessPartial) for the application. */
    void rest(InputStream in) {
        rest = in;
    }

    /** The stream with the bytes beyond the held ones, or null when the whole body is held. */
    InputStream rest() {
        return rest;
    }

    /**
     * Takes what is left in the container's stream into this body (spooled like the rest), so the whole body is held:
     * for form parameters and multipart parts, which need all of it.
     */
    void holdRest() throws IOException {
        if (rest == null) {
            return;
        }
        InputStream in = rest;
        rest = null;
        byte[] chunk = new byte[16 * 1024];
        for (int n; (n = in.read(chunk)) != -1; ) {
            append(chunk, 0, n);
        }
    }

    /** Reads held bytes from {@code position} into {@code b[off, off + len)}; -1 at the end of the held bytes. */
    int read(long position, byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("request body already released (the request is over)");
        }
        if (position >= length) {
            return -1;
        }
        int n = (int) Math.min(len, length - position);
        if (channel == null) {
            System.arraycopy(memory, (int) position, b, off, n);
            return n;
        }
        ByteBuffer buffer = ByteBuffer.wrap(b, off, n);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position() - off) < 0) {
                break;
            }
        }
        return buffer.position() - off;
    }

    /** A stream over the held bytes {@code [from, from + count)}. */
    InputStream open(long from, long count) {
        return new Range(from, Math.min(length, from + count));
    }

    /** The first {@code max} held bytes (or all of them): an excerpt, e.g. for the audit log. */
    byte[] head(int max) throws IOException {
        byte[] out = new byte[(int) Math.min(max, length)];
        int n = 0;
        while (n < out.length) {
            int r = read(n, out, n, out.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** Lets go of the bytes and deletes the temporary file; safe to call more than once. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        memory = EMPTY;
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // deleting the file below is what matters
        } finally {
            channel = null;
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // Nothing else to do than say so: the file holds a client's body.
                    System.getLogger("dev.bulwark.waf").log(System.Logger.Level.ERROR,
                            "Bulwark: cannot delete the spooled request body " + file + ": " + e);
                }
            }
        }
    }

    /** Reads a range of the held bytes; not thread-safe itself, but independent of other ranges. */
    private final class Range extends InputStream {
        private long position;
        private final long end;
        private final byte[] one = new byte[1];

        Range(long from, long end) {
            this.position = from;
            this.end = end;
        }

        @Override
        public int read() throws IOException {
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (position >= end) {
                return -1;
            }
            int n = SpooledBody.this.read(position, b, off, (int) Math.min(len, end - position));
            if (n > 0) {
                position += n;
            }
            return n;
        }

        @Override
        public long skip(long n) {
            long skipped = Math.max(0, Math.min(n, end - position));
            position += skipped;
            return skipped;
        }

        @Override
        public int available() {
            return channel == null ? (int) Math.min(Integer.MAX_VALUE, end - position) : 0;
        }
    }
}
