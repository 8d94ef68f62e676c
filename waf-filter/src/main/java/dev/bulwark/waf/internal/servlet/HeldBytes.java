package dev.bulwark.waf.internal.servlet;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Response bytes the filter holds back from the container: first until the response headers are inspected, then,
 * when the body is inspected, until phase 4 has seen it. A growable array whose storage is lent out without a copy.
 * Not thread-safe: one per response.
 */
final class HeldBytes {

    private static final byte[] EMPTY = new byte[0];

    private byte[] bytes = EMPTY;
    private int length;

    /** Appends {@code b[off, off + len)}. */
    void append(byte[] b, int off, int len) {
        if (len > bytes.length - length) {
            grow((long) length + len);
        }
        System.arraycopy(b, off, bytes, length, len);
        length += len;
    }

    int length() {
        return length;
    }

    /** The storage: only the first {@link #length()} bytes count; not a copy. */
    byte[] array() {
        return bytes;
    }

    /** Forgets the bytes, keeping the storage for more. */
    void clear() {
        length = 0;
    }

    /** Writes the bytes to {@code out} and lets go of the storage. */
    void releaseTo(OutputStream out) throws IOException {
        if (length > 0) {
            out.write(bytes, 0, length);
        }
        discard();
    }

    /** Forgets the bytes and lets go of the storage. */
    void discard() {
        bytes = EMPTY;
        length = 0;
    }

    private void grow(long needed) {
        if (needed > SpooledBody.MAX_IN_MEMORY) {
            throw new IllegalStateException("response too large to hold in memory");
        }
        long doubled = Math.max(256L, bytes.length * 2L);
        bytes = Arrays.copyOf(bytes, (int) Math.min(SpooledBody.MAX_IN_MEMORY, Math.max(needed, doubled)));
    }
}
