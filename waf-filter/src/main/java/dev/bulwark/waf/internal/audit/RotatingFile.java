package dev.bulwark.waf.internal.audit;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The audit log file, appended through a buffer and rotated by size: when the next line would take the file past
 * {@code maxBytes}, {@code file} becomes {@code file.1}, {@code file.1} becomes {@code file.2} and so on, the oldest
 * beyond {@code keep} is deleted, and a new {@code file} is started. Used by one thread.
 *
 * <p>The buffer is written out in whole lines only (a line is never split between two writes), and the file is
 * opened for appending, so two writers on the same file (an old and a new rule set during a reload) interleave
 * whole lines. A new file gets the permissions of {@code SecAuditLogFileMode} where the file system has POSIX
 * permissions; an existing file keeps its own.
 */
final class RotatingFile implements AuditSink {

    private static final int BUFFER = 64 * 1024;

    private final Path file;
    private final long maxBytes;
    private final int keep;
    private final int fileMode;

    private OutputStream out;
    private long size;

    /**
     * Opens (or creates) {@code file} for appending.
     *
     * @param maxBytes the size beyond which the file is rotated; 0 never rotates
     * @param keep how many rotated files to keep ({@code file.1} .. {@code file.keep}), at least 1 when rotating
     * @param fileMode permissions for a new file, as an octal number (0640)
     * @throws IOException when the file cannot be opened, with the path in the message
     */
    RotatingFile(Path file, long maxBytes, int keep, int fileMode) throws IOException {
        if (maxBytes < 0 || (maxBytes > 0 && keep < 1)) {
            throw new IllegalArgumentException("rotation needs maxBytes >= 0 and keep >= 1, not " + maxBytes + "/"
                    + keep);
        }
        this.file = file;
        this.maxBytes = maxBytes;
        this.keep = keep;
        this.fileMode = fileMode;
        open();
    }

    @Override
    public void write(String line) throws IOException {
        if (out == null) {
            open(); // a failed write or rotation closed it: try again with each line
        }
        long length = line.length() + 1L;
        if (maxBytes > 0 && size > 0 && size + length > maxBytes) {
            rotate();
        }
        // one array per line, so that the buffer never splits a line between two writes
        byte[] bytes = new byte[line.length() + 1];
        for (int i = 0; i < line.length(); i++) {
            bytes[i] = (byte) line.charAt(i); // AuditJson writes ASCII only
        }
        bytes[line.length()] = '\n';
        try {
            out.write(bytes);
        } catch (IOException e) {
            closeQuietly();
            throw e;
        }
        size += length;
    }

    @Override
    public void flush() throws IOException {
        if (out != null) {
            try {
                out.flush();
            } catch (IOException e) {
                closeQuietly();
                throw e;
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            OutputStream o = out;
            out = null;
            o.close();
        }
    }

    private void open() throws IOException {
        try {
            createWithMode();
            out = new BufferedOutputStream(new FileOutputStream(file.toFile(), true), BUFFER);
            size = Files.size(file);
        } catch (IOException e) {
            throw new IOException("cannot open audit log " + file.toAbsolutePath() + ": " + e, e);
        }
    }

    private void createWithMode() throws IOException {
        if (Files.exists(file)) {
            return;
        }
        try {
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Set<PosixFilePermission> perms = PosixFilePermissions.fromString(permissionString(fileMode));
                Files.createFile(file, PosixFilePermissions.asFileAttribute(perms));
                // createFile applies the umask; the mode asked for is what the operator wrote
                Files.setPosixFilePermissions(file, perms);
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException raced) {
            // another writer created it first: append to it
        }
    }

    private void rotate() throws IOException {
        close();
        Files.deleteIfExists(rotated(keep));
        for (int i = keep - 1; i >= 1; i--) {
            Path from = rotated(i);
            if (Files.exists(from)) {
                Files.move(from, rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, rotated(1), StandardCopyOption.REPLACE_EXISTING);
        open();
    }

    private Path rotated(int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException ignored) {
            // the write error is what gets reported
        }
    }

    /** {@code rw-r-----} for 0640. */
    static String permissionString(int mode) {
        String letters = "rwxrwxrwx";
        StringBuilder b = new StringBuilder(9);
        for (int i = 0; i < 9; i++) {
            b.append((mode & (1 << (8 - i))) != 0 ? letters.charAt(i) : '-');
        }
        return b.toString();
    }

    /** Bytes in the current file (for tests). */
    long size() {
        return size;
    }
}
