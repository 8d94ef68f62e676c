package dev.bulwark.waf.crs;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * The backend the CRS regression tests assume (CRS CI runs the "albedo" test server): every path answers 200 with an
 * empty body, except {@code POST /reflect} (and {@code /reflect/...}), whose JSON body
 * {@code {"status": N, "headers": {...}, "body": "...", "encodedBody": "base64"}} says what to answer. Responses are
 * {@code text/plain} so that phase 4 rules see reflected bodies, as in the CRS test setups.
 */
final class CrsBackendServlet extends HttpServlet {

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
        String path = req.getRequestURI();
        byte[] requestBody;
        try (InputStream in = req.getInputStream()) {
            requestBody = in.readAllBytes();
        }
        res.setContentType("text/plain");
        if (!"POST".equals(req.getMethod()) || !(path.equals("/reflect") || path.startsWith("/reflect/"))) {
            res.setStatus(200);
            return;
        }
        Map<?, ?> spec;
        try {
            // JSON is YAML 1.2 flow style; SnakeYAML reads the simple objects the tests send
            Object parsed = new Yaml().load(new String(requestBody, StandardCharsets.UTF_8));
            spec = parsed instanceof Map<?, ?> m ? m : Map.of();
        } catch (RuntimeException e) {
            spec = Map.of();
        }
        int status = spec.get("status") instanceof Number n ? n.intValue() : 200;
        if (spec.get("headers") instanceof Map<?, ?> headers) {
            headers.forEach((k, v) -> res.addHeader(String.valueOf(k), String.valueOf(v)));
        }
        byte[] body = new byte[0];
        if (spec.get("encodedBody") instanceof String encoded) {
            body = Base64.getDecoder().decode(encoded);
        } else if (spec.get("body") instanceof String text) {
            body = text.getBytes(StandardCharsets.UTF_8);
        }
        res.setStatus(status);
        res.setContentLength(body.length);
        res.getOutputStream().write(body);
    }
}
