package dev.bulwark.demo;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code POST /upload}: a multipart form (limits in web.xml's multipart-config); answers one line per part:
 * {@code name size [filename]}. {@code GET} shows a form.
 */
public final class UploadServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/html;charset=UTF-8");
        resp.getOutputStream().write(("<!DOCTYPE html><title>Upload</title><form method=post enctype=multipart/form-data>"
                + "<input type=file name=file><button>Upload</button></form>").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
        StringBuilder out = new StringBuilder();
        for (Part part : req.getParts()) {
            out.append(part.getName()).append(' ').append(part.getSize());
            if (part.getSubmittedFileName() != null) {
                out.append(' ').append(part.getSubmittedFileName());
            }
            out.append('\n');
        }
        // The body repeats what the client sent: never let a browser sniff it into HTML.
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setContentType("text/plain;charset=UTF-8");
        resp.getOutputStream().write(out.toString().getBytes(StandardCharsets.UTF_8));
    }
}
