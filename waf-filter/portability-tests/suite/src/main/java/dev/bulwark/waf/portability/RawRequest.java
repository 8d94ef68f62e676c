package dev.bulwark.waf.portability;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An HTTP/1.1 request written exactly as built: request target, header names and values are sent as given (each
 * char one byte, ISO-8859-1), repeated headers stay repeated, and the body goes out with {@code Content-Length} or,
 * after {@link #chunked}, in chunks of the given sizes. Nothing is added but {@code Host} and the framing header.
 *
 * <pre>{@code
 * RawRequest.post("/echo", "application/octet-stream", bytes).key("k1").chunked(1, 100, 8192).bytes()
 * }</pre>
 */
public final class RawRequest {

    private final String method;
    private final String target;
    private final List<String[]> headers = new ArrayList<>();
    private final byte[] body;
    private int[] chunkSizes;
    private String chunkExtension;

    private RawRequest(String method, String target, byte[] body) {
        this.method = method;
        this.target = target;
        this.body = body;
    }

    public static RawRequest get(String target) {
        return new RawRequest("GET", target, null);
    }

    public static RawRequest post(String target, String contentType, byte[] body) {
        return new RawRequest("POST", target, body).header("Content-Type", contentType);
    }

    public static RawRequest post(String target, String contentType, String utf8Body) {
        return post(target, contentType, utf8Body.getBytes(StandardCharsets.UTF_8));
    }

    /** Adds a header line; calling it twice with one name sends two lines. */
    public RawRequest header(String name, String value) {
        headers.add(new String[] {name, value});
        return this;
    }

    /** The test key header: the test application files this request's log lines under {@code key}. */
    public RawRequest key(String key) {
        return header(TestApp.KEY_HEADER, key);
    }

    /**
     * Sends the body with {@code Transfer-Encoding: chunked}, cut in pieces of these sizes (the last size repeats),
     * in lower- and upper-case hex alternately.
     */
    public RawRequest chunked(int... sizes) {
        this.chunkSizes = sizes.clone();
        return this;
    }

    /** A chunk extension ({@code ;name=value}) on the first chunk: legal, and to be ignored by the server. */
    public RawRequest chunkExtension(String extension) {
        this.chunkExtension = extension;
        return this;
    }

    public String method() {
        return method;
    }

    public String target() {
        return target;
    }

    public byte[] body() {
        return body == null ? new byte[0] : body.clone();
    }

    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ascii(out, method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (String[] h : headers) {
            ascii(out, h[0] + ": " + h[1] + "\r\n");
        }
        if (body == null) {
            ascii(out, "\r\n");
        } else if (chunkSizes == null) {
            ascii(out, "Content-Length: " + body.length + "\r\n\r\n");
            out.writeBytes(body);
        } else {
            ascii(out, "Transfer-Encoding: chunked\r\n\r\n");
            int at = 0;
            for (int i = 0; at < body.length; i++) {
                int n = Math.min(chunkSizes[Math.min(i, chunkSizes.length - 1)], body.length - at);
                String size = Integer.toHexString(n);
                ascii(out, (i % 2 == 0 ? size : size.toUpperCase(java.util.Locale.ROOT))
                        + (i == 0 && chunkExtension != null ? ";" + chunkExtension : "") + "\r\n");
                out.write(body, at, n);
                ascii(out, "\r\n");
                at += n;
            }
            ascii(out, "0\r\n\r\n");
        }
        return out.toByteArray();
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Override
    public String toString() {
        return method + " " + target;
    }
}
