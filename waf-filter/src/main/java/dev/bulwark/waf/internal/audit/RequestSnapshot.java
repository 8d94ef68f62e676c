package dev.bulwark.waf.internal.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the servlet layer saw of a request, handed to {@link AuditLog#record}: connection, request line, headers in
 * the order received (repeated names kept) and, when it was buffered, the body. Text values are byte strings (one
 * char per byte, as the container gives them). Immutable once built, except that the body array is referenced, not
 * copied: do not change it until {@code record} returns (the record copies the capped excerpt it keeps).
 *
 * <pre>{@code
 * RequestSnapshot req = RequestSnapshot.builder()
 *         .connection("203.0.113.7", 51234, "10.0.0.1", 8080)
 *         .requestLine("POST", "/login?next=%2F", "HTTP/1.1")
 *         .header("Host", "example.com")
 *         .header("Content-Type", "application/x-www-form-urlencoded")
 *         .body(bufferedBytes, declaredLength)
 *         .build();
 * }</pre>
 */
public final class RequestSnapshot {

    /** The most body bytes a record keeps: a caller holding a larger body need not hand over more. */
    public static final int MAX_BODY_BYTES = AuditRecord.MAX_BODY;

    private final String clientAddress;
    private final int clientPort;
    private final String serverAddress;
    private final int serverPort;
    private final String method;
    private final String uri;
    private final String protocol;
    private final List<AuditRecord.Header> headers;
    private final byte[] body;
    private final long bodyLength;

    private RequestSnapshot(Builder b) {
        this.clientAddress = b.clientAddress;
        this.clientPort = b.clientPort;
        this.serverAddress = b.serverAddress;
        this.serverPort = b.serverPort;
        this.method = b.method;
        this.uri = b.uri;
        this.protocol = b.protocol;
        this.headers = List.copyOf(b.headers);
        this.body = b.body;
        this.bodyLength = b.bodyLength;
    }

    public static Builder builder() {
        return new Builder();
    }

    String clientAddress() {
        return clientAddress;
    }

    int clientPort() {
        return clientPort;
    }

    String serverAddress() {
        return serverAddress;
    }

    int serverPort() {
        return serverPort;
    }

    String method() {
        return method;
    }

    String uri() {
        return uri;
    }

    String protocol() {
        return protocol;
    }

    List<AuditRecord.Header> headers() {
        return headers;
    }

    /** The first value of header {@code name} (ASCII case ignored), or null. */
    String header(String name) {
        for (AuditRecord.Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                return h.value();
            }
        }
        return null;
    }

    /** The buffered body bytes, or null when the body was not read. */
    byte[] body() {
        return body;
    }

    /** The body's whole length as far as known (Content-Length or bytes read), or -1. */
    long bodyLength() {
        return bodyLength;
    }

    /** Collects a {@link RequestSnapshot}; not thread-safe. */
    public static final class Builder {
        private String clientAddress = "";
        private int clientPort;
        private String serverAddress = "";
        private int serverPort;
        private String method = "";
        private String uri = "";
        private String protocol = "";
        private final List<AuditRecord.Header> headers = new ArrayList<>();
        private byte[] body;
        private long bodyLength = -1;

        private Builder() {}

        public Builder connection(String clientAddress, int clientPort, String serverAddress, int serverPort) {
            this.clientAddress = nullToEmpty(clientAddress);
            this.clientPort = clientPort;
            this.serverAddress = nullToEmpty(serverAddress);
            this.serverPort = serverPort;
            return this;
        }

        /** Method, request target as sent (path and query, still %-encoded), protocol ({@code HTTP/1.1}). */
        public Builder requestLine(String method, String uri, String protocol) {
            this.method = nullToEmpty(method);
            this.uri = nullToEmpty(uri);
            this.protocol = nullToEmpty(protocol);
            return this;
        }

        /** One header, in the order received; call again for each repeated value. */
        public Builder header(String name, String value) {
            headers.add(new AuditRecord.Header(nullToEmpty(name), nullToEmpty(value)));
            return this;
        }

        /**
         * The body as buffered for inspection ({@code bytes} may be a prefix of it); {@code totalLength} is its whole
         * length when known, else -1. Leave unset when the body was not read.
         */
        public Builder body(byte[] bytes, long totalLength) {
            this.body = Objects.requireNonNull(bytes, "bytes");
            this.bodyLength = Math.max(totalLength, bytes.length);
            return this;
        }

        public RequestSnapshot build() {
            return new RequestSnapshot(this);
        }
    }

    static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
