package dev.bulwark.demo;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * {@code POST /upload}: a multipart form (its limits are the {@code <multipart-config>} of web.xml); answers one line
 * per part, in order: {@code name=N [filename=F] size=BYTES crc32=HEX}, the size and checksum computed from the bytes
 * read through {@code Part.getInputStream()}. {@code GET} shows a form.
 *
 * <p>Bulwark reads (and inspects) the body before this servlet runs; the parts come from the filter's held copy, so
 * they are exactly the parts the rules saw.
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
        StringBuilder out = new StringBuilder();
        try {
            for (Part part : req.getParts()) {
                CRC32 crc = new CRC32();
                long size = 0;
                byte[] buffer = new byte[64 * 1024];
                try (InputStream in = part.getInputStream()) {
                    for (int n; (n = in.read(buffer)) != -1; ) {
                        crc.update(buffer, 0, n);
                        size += n;
                    }
                }
                out.append("name=").append(part.getName());
                if (part.getSubmittedFileName() != null) {
                    out.append(" filename=").append(part.getSubmittedFileName());
                }
                out.append(" size=").append(size).append(" crc32=").append(String.format("%08x", crc.getValue()))
                        .append('\n');
            }
        } catch (IllegalStateException e) {
            // over the <multipart-config> limits
            resp.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
            out.setLength(0);
            out.append("upload too large for this form\n");
        } catch (ServletException e) {
            resp.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            out.setLength(0);
            out.append("not a multipart/form-data upload\n");
        }
        // The answer names what the client sent (part and file names): never let a browser sniff it as HTML.
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setContentType("text/plain;charset=UTF-8");
        resp.getOutputStream().write(out.toString().getBytes(StandardCharsets.UTF_8));
    }
}
