package dev.bulwark.demo;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code POST /post}: echoes the form fields as {@code text/plain}, one {@code name=value} line per value, in the
 * order the container reports them. Shows that the body reaches the application intact after inspection.
 */
public final class FormEchoServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (req.getCharacterEncoding() == null) {
            req.setCharacterEncoding("UTF-8");
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String[]> e : req.getParameterMap().entrySet()) {
            for (String value : e.getValue()) {
                out.append(e.getKey()).append('=').append(value).append('\n');
            }
        }
        // The body repeats what the client sent: never let a browser sniff it into HTML.
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setContentType("text/plain;charset=UTF-8");
        resp.getOutputStream().write(out.toString().getBytes(StandardCharsets.UTF_8));
    }
}
