package dev.bulwark.demo;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /reflect}: answers with what the JSON body asks for, to try the response rules (phases 3 and 4):
 * {@code {"status": 500, "headers": {"X-A": "b"}, "body": "ORA-00933: SQL command not properly ended"}}, or
 * {@code "encodedBody"} (base64) instead of {@code "body"}. This is the shape the CRS regression suite's backend
 * accepts. The answer is {@code text/plain} with {@code nosniff}, so a reflected page never runs in a browser. A body
 * that is not such a JSON object gets 400.
 */
public final class ReflectServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String json = new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, Object> spec;
        try {
            spec = new JsonObjectReader(json).readObject();
        } catch (IllegalArgumentException e) {
            plain(resp, 400, "POST /reflect needs a JSON object {\"status\", \"headers\", \"body\"}: "
                    + e.getMessage() + "\n");
            return;
        }
        int status = 200;
        if (spec.get("status") instanceof String s && !s.isEmpty()) {
            try {
                status = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                status = -1;
            }
            if (status < 100 || status > 599) {
                plain(resp, 400, "status must be 100..599\n");
                return;
            }
        }
        byte[] body = new byte[0];
        if (spec.get("encodedBody") instanceof String encoded) {
            try {
                body = Base64.getDecoder().decode(encoded);
            } catch (IllegalArgumentException e) {
                plain(resp, 400, "encodedBody is not base64\n");
                return;
            }
        } else if (spec.get("body") instanceof String text) {
            body = text.getBytes(StandardCharsets.UTF_8);
        }
        if (spec.get("headers") instanceof Map<?, ?> headers) {
            for (Map.Entry<?, ?> h : headers.entrySet()) {
                if (h.getValue() instanceof String v) {
                    resp.addHeader(String.valueOf(h.getKey()), v);
                }
            }
        }
        resp.setStatus(status);
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setContentType("text/plain");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    private static void plain(HttpServletResponse resp, int status, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("text/plain;charset=UTF-8");
        resp.setContentLength(b.length);
        resp.getOutputStream().write(b);
    }

    /**
     * Reads one JSON object whose values are strings, numbers, booleans, null or objects of the same kind; numbers,
     * booleans and null come back as their text. Enough for the reflect specification, nothing more.
     */
    static final class JsonObjectReader {
        private final String s;
        private int i;

        JsonObjectReader(String s) {
            this.s = s;
        }

        Map<String, Object> readObject() {
            Map<String, Object> o = object(0);
            space();
            if (i != s.length()) {
                throw new IllegalArgumentException("unexpected text after the object at offset " + i);
            }
            return o;
        }

        private Map<String, Object> object(int depth) {
            if (depth > 8) {
                throw new IllegalArgumentException("nested too deeply");
            }
            expect('{');
            Map<String, Object> o = new LinkedHashMap<>();
            space();
            if (peek() == '}') {
                i++;
                return o;
            }
            while (true) {
                space();
                String key = string();
                space();
                expect(':');
                space();
                char c = peek();
                Object value = c == '{' ? object(depth + 1) : c == '"' ? string() : literal();
                o.put(key, value);
                space();
                char next = peek();
                i++;
                if (next == '}') {
                    return o;
                }
                if (next != ',') {
                    throw new IllegalArgumentException("expected ',' or '}' at offset " + (i - 1));
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                char c = peek();
                i++;
                if (c == '"') {
                    return b.toString();
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                char e = peek();
                i++;
                switch (e) {
                    case '"', '\\', '/' -> b.append(e);
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'u' -> {
                        if (i + 4 > s.length()) {
                            throw new IllegalArgumentException("short \\u escape at offset " + i);
                        }
                        try {
                            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw new IllegalArgumentException("bad \\u escape at offset " + i);
                        }
                        i += 4;
                    }
                    default -> throw new IllegalArgumentException("bad escape at offset " + (i - 1));
                }
            }
        }

        private String literal() {
            int start = i;
            while (i < s.length() && ",}] \t\r\n".indexOf(s.charAt(i)) < 0) {
                i++;
            }
            String t = s.substring(start, i);
            if (t.isEmpty() || !(t.equals("true") || t.equals("false") || t.equals("null")
                    || t.matches("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?"))) {
                throw new IllegalArgumentException("bad value at offset " + start);
            }
            return t.equals("null") ? null : t;
        }

        private void space() {
            while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
        }

        private char peek() {
            if (i >= s.length()) {
                throw new IllegalArgumentException("unexpected end of the JSON text");
            }
            return s.charAt(i);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw new IllegalArgumentException("expected '" + c + "' at offset " + i);
            }
            i++;
        }
    }
}
