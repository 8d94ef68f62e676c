package dev.bulwark.waf.crs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the bytes go-ftw puts on the wire for a stage: the request line verbatim, headers sorted by name (one per
 * exact name), form data re-encoded the way go-ftw does when it looks unencoded, LF turned into CRLF in multipart
 * bodies, {@code Connection: close} and {@code Content-Length} added when headers are auto-completed.
 */
final class FtwRequest {

    private FtwRequest() {}

    static byte[] build(FtwTest.Input in) {
        if (in.encodedRequest() != null) {
            return in.encodedRequest();
        }
        Map<String, String> headers = new TreeMap<>(in.headers());
        byte[] data = in.data() == null ? new byte[0] : in.data();
        if (data.length > 0 && in.autocompleteHeaders()) {
            headers.putIfAbsent("Content-Type", "application/x-www-form-urlencoded");
            data = encodeFormData(headers.get("Content-Type"), data);
        }
        String ct = headers.get("Content-Type");
        if (ct != null && ct.startsWith("multipart/form-data;")) {
            data = lfToCrlf(data);
        }
        if (in.autocompleteHeaders()) {
            headers.putIfAbsent("Connection", "close");
            if (data.length > 0 || in.method().matches("^POST.*|.*PUT.*|.*PATCH.*|.*DELETE$")) {
                headers.putIfAbsent("Content-Length", Integer.toString(data.length));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, in.method() + " " + in.uri() + " " + in.version() + "\r\n");
        headers.forEach((k, v) -> write(out, k + ": " + v + "\r\n"));
        write(out, "\r\n");
        out.writeBytes(data);
        return out.toByteArray();
    }

    /** Whether the request is a HEAD (its response has no body), also for a raw {@code encoded_request}. */
    static boolean isHead(FtwTest.Input in) {
        if (in.encodedRequest() != null) {
            byte[] r = in.encodedRequest();
            return r.length > 5 && new String(r, 0, 5, StandardCharsets.ISO_8859_1).equals("HEAD ");
        }
        return "HEAD".equals(in.method());
    }

    /** go-ftw re-encodes keys and values of plain form data when unescaping would not change it. */
    static byte[] encodeFormData(String contentType, byte[] data) {
        if (!"application/x-www-form-urlencoded".equals(contentType)) {
            return data;
        }
        String s = new String(data, StandardCharsets.UTF_8);
        String unescaped;
        try {
            unescaped = GoUrl.queryUnescape(s);
        } catch (IllegalArgumentException e) {
            return data;
        }
        if (!unescaped.equals(s)) {
            return data;
        }
        StringBuilder b = new StringBuilder();
        for (String token : s.split("&", -1)) {
            int eq = token.indexOf('=');
            if (eq < 0) {
                b.append(GoUrl.queryEscape(token));
            } else {
                b.append(GoUrl.queryEscape(token.substring(0, eq))).append('=')
                        .append(GoUrl.queryEscape(token.substring(eq + 1)));
            }
            b.append('&');
        }
        if (s.endsWith("&")) {
            // go-ftw's loop stops at the empty remainder: a trailing '&' is not followed by an empty token
            b.setLength(b.length() - 1);
        }
        if (b.length() > 0) {
            b.setLength(b.length() - 1);
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] lfToCrlf(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 64);
        for (byte c : data) {
            if (c == '\n') {
                out.write('\r');
            }
            out.write(c);
        }
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
