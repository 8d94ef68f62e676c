package dev.bulwark.waf.internal.body;

/**
 * A request body could not be parsed (malformed input or a configured limit exceeded). The message is suitable for
 * {@code REQBODY_ERROR_MSG}: it never contains raw request bytes, only escaped and length-capped excerpts.
 */
public final class BodyParseException extends Exception {

    private final long offset;

    public BodyParseException(String message, long offset) {
        super(message);
        this.offset = offset;
    }

    public BodyParseException(String message, long offset, Throwable cause) {
        super(message, cause);
        this.offset = offset;
    }

    /** Byte offset in the body where the problem was found, or -1 when not known. */
    public long offset() {
        return offset;
    }
}
