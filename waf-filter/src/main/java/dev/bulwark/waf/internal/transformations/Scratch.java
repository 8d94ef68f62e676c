package dev.bulwark.waf.internal.transformations;

/**
 * A per-thread buffer in which a transformation builds its output before making it a string: the string copies
 * what it needs, so the buffer is free again when {@code apply} returns, and a request's hundreds of transformation
 * runs need no temporary array each. Callers read only what they wrote (the buffer is not cleared) and hold it
 * only within one {@code apply}, which calls no other transformation meanwhile. Outputs longer than {@link #MAX}
 * get their own array, so a thread keeps at most 32 KB.
 */
final class Scratch {

    static final int MAX = 16 * 1024;

    private static final ThreadLocal<char[]> BUFFER = ThreadLocal.withInitial(() -> new char[256]);

    private Scratch() {}

    /** A buffer of at least {@code length} chars, with arbitrary content. */
    static char[] chars(int length) {
        if (length > MAX) {
            return new char[length];
        }
        char[] buffer = BUFFER.get();
        if (buffer.length < length) {
            buffer = new char[Math.min(MAX, Math.max(length, 2 * buffer.length))];
            BUFFER.set(buffer);
        }
        return buffer;
    }
}
