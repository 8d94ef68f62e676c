package dev.bulwark.waf.portability;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An HTTP/1.1 response as read from the wire: status, header lines in order (names as sent), decoded body. */
public record Reply(int status, List<Map.Entry<String, String>> headers, byte[] body) {

    /** The first value of header {@code name} (ASCII case ignored), or null. */
    public String header(String name) {
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return null;
    }

    /** Every value of header {@code name}, in order. */
    public List<String> headerValues(String name) {
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) {
                values.add(h.getValue());
            }
        }
        return values;
    }

    /** The body as UTF-8 text. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The incident id the WAF sent, or null. */
    public String incident() {
        return header("X-Bulwark-Incident");
    }

    /** Whether the server announced that it closes the connection after this response. */
    public boolean announcesClose() {
        String c = header("Connection");
        return c != null && c.toLowerCase(java.util.Locale.ROOT).contains("close");
    }

    @Override
    public String toString() {
        String text = text();
        return status + " " + headers + " " + (text.length() > 300 ? text.substring(0, 300) + "..." : text);
    }
}
