package dev.bulwark.waf.internal.servlet;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A request body read for inspection, kept so the application gets every byte back. Up to the limit is held in
 * memory; with ProcessPartial anything beyond the limit is left in the container's stream and handed on unread, so
 * nothing is lost and nothing beyond the limit is buffered (until the application asks for form parameters, which
 * need the whole body). Not thread-safe: one per request.
 */
final class BufferedBody {

    /** Largest body held in memory; request body limits beyond it are capped to it. */
    static final int MAX_IN_MEMORY = Integer.MAX_VALUE - 16;

    private byte[] bytes;
    private int length;
    /** The container's stream when bytes beyond the limit may follow (ProcessPartial), else null. */
    private InputStream rest;
    private final boolean overLimit;

    private BufferedBody(byte[] bytes, int length, InputStream rest, boolean overLimit) {
        this.bytes = bytes;
        this.length = length;
        this.rest = rest;
        this.overLimit = overLimit;
    }

    /**
     * Reads the body from {@code in}.
     *
     * @param contentLength the declared length, or -1 when unknown (chunked)
     * @param limit the request body limit in bytes
     * @param reject true to read one byte past the limit to tell an oversized body ({@link #overLimit()}); false
     *     (ProcessPartial) to read up to the limit and leave the rest in {@code in} for the application
     */
    static BufferedBody read(InputStream in, long contentLength, long limit, boolean reject) throws IOException {
        int max = (int) Math.min(MAX_IN_MEMORY, reject ? limit + 1 : limit);
        int initial = contentLength >= 0 ? (int) Math.min(contentLength, max) : Math.min(max, 1024);
        byte[] buf = new byte[Math.max(initial, 1)];
        int n = 0;
        while (n < max) {
            if (n == buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(max, Math.max(16L, buf.length * 2L)));
            }
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                return new BufferedBody(buf, n, null, false);
            }
            n += r;
        }
        if (reject) {
            return new BufferedBody(buf, n, null, n > limit);
        }
        return new BufferedBody(buf, n, in, false);
    }

    /** True when {@code reject} was asked and the body is longer than the limit. */
    boolean overLimit() {
        return overLimit;
    }

    /** Number of bytes held (inspected). */
    int length() {
        return length;
    }

    /** The held bytes, for inspection: the first {@code limit} bytes of the body. */
    byte[] inspected() {
        return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }

    /** The array holding the bytes (only the first {@link #length()} count); not a copy. */
    byte[] array() {
        return bytes;
    }

    /** The stream with the bytes beyond the held ones, or null when the whole body is held. */
    InputStream rest() {
        return rest;
    }

    /** Reads what is left in the container's stream into memory, so the whole body is held. */
    void holdAll() throws IOException {
        if (rest == null) {
            return;
        }
        byte[] tail = rest.readAllBytes();
        rest = null;
        if (tail.length > 0) {
            if ((long) length + tail.length > MAX_IN_MEMORY) {
                throw new IOException("request body too large to hold in memory");
            }
            bytes = Arrays.copyOf(bytes, length + tail.length);
            System.arraycopy(tail, 0, bytes, length, tail.length);
            length += tail.length;
        }
    }
}
