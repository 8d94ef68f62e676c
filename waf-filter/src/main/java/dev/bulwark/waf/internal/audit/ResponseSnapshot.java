package dev.bulwark.waf.internal.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the servlet layer saw of the response, handed to {@link AuditLog#record}: the status actually sent (the
 * block page's status when the WAF answered), the headers and, when the filter buffered it for inspection, the body.
 * Text values are byte strings. The body array is referenced, not copied: do not change it until {@code record}
 * returns.
 *
 * <pre>{@code
 * ResponseSnapshot res = ResponseSnapshot.builder()
 *         .status(403)
 *         .header("Content-Type", "text/html")
 *         .build();
 * }</pre>
 */
public final class ResponseSnapshot {

    private final int status;
    private final List<AuditRecord.Header> headers;
    private final byte[] body;
    private final long bodyLength;

    private ResponseSnapshot(Builder b) {
        this.status = b.status;
        this.headers = List.copyOf(b.headers);
        this.body = b.body;
        this.bodyLength = b.bodyLength;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The status sent, or 0 when none was (the connection was dropped). */
    int status() {
        return status;
    }

    List<AuditRecord.Header> headers() {
        return headers;
    }

    byte[] body() {
        return body;
    }

    long bodyLength() {
        return bodyLength;
    }

    /** Collects a {@link ResponseSnapshot}; not thread-safe. */
    public static final class Builder {
        private int status;
        private final List<AuditRecord.Header> headers = new ArrayList<>();
        private byte[] body;
        private long bodyLength = -1;

        private Builder() {}

        public Builder status(int status) {
            this.status = status;
            return this;
        }

        public Builder header(String name, String value) {
            headers.add(new AuditRecord.Header(RequestSnapshot.nullToEmpty(name), RequestSnapshot.nullToEmpty(value)));
            return this;
        }

        /** The body as buffered ({@code bytes} may be a prefix); {@code totalLength} its whole length, or -1. */
        public Builder body(byte[] bytes, long totalLength) {
            this.body = Objects.requireNonNull(bytes, "bytes");
            this.bodyLength = Math.max(totalLength, bytes.length);
            return this;
        }

        public ResponseSnapshot build() {
            return new ResponseSnapshot(this);
        }
    }
}
