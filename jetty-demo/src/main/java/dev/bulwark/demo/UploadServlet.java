package dev.bulwark.demo;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code POST /upload}: a multipart form; answers the body size and the number of parts (part-level
 * details arrive with Bulwark's multipart body processor). {@code GET} shows a form.
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
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        // Bulwark inspects the body first and hands it on byte for byte; multipart parts are counted here from the
        // raw body, because the container's own part parser cannot run on a body that was already read.
        byte[] body = req.getInputStream().readAllBytes();
        String contentType = req.getContentType() == null ? "" : req.getContentType();
        int b = contentType.indexOf("boundary=");
        int parts = 0;
        if (b >= 0) {
            String boundary = contentType.substring(b + "boundary=".length()).replace("\"", "").trim();
            String raw = new String(body, StandardCharsets.ISO_8859_1);
            String delimiter = "--" + boundary;
            for (int i = raw.indexOf(delimiter); i >= 0; i = raw.indexOf(delimiter, i + delimiter.length())) {
                if (!raw.startsWith(delimiter + "--", i)) {
                    parts++;
                }
            }
        }
        // The body repeats nothing the client sent, but never let a browser sniff it anyway.
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setContentType("text/plain;charset=UTF-8");
        resp.getOutputStream().write(("received " + body.length + " bytes in " + parts + " parts\n")
                .getBytes(StandardCharsets.UTF_8));
    }
}
