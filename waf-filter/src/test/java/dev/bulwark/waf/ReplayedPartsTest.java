package dev.bulwark.waf;

import static dev.bulwark.waf.RequestBodyLimitsTest.bytes;
import static dev.bulwark.waf.RequestBodyLimitsTest.filesIn;
import static dev.bulwark.waf.RequestBodyLimitsTest.multipart;
import static dev.bulwark.waf.RequestBodyLimitsTest.random;
import static dev.bulwark.waf.WafFilterTest.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.waf.WafFilterTest.Reply;
import dev.bulwark.waf.testsupport.WafServer;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.MultipartConfig;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code getParts()}, {@code getPart()} and multipart form fields as parameters, for an application behind the filter
 * (which read the body first): the parts come from the held body (memory or spooled file), exactly as the rules saw
 * them, and the servlet's {@code @MultipartConfig} limits apply.
 */
class ReplayedPartsTest {

    @TempDir
    static Path spool;
    @TempDir
    static Path uploads;
    static WafServer server;

    @BeforeAll
    static void start() throws Exception {
        RuleSet rules = RuleSet.compile(WafConfig.builder().rules(RuleSource.text(RequestBodyLimitsTest.RULES,
                "limits.conf")).temporaryDirectory(spool).build());
        server = new WafServer(new WafFilter(rules), Map.of(), Map.of("/parts", new PartsServlet(),
                "/noconfig", new NoConfigServlet(), "/write", new WriteServlet()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void noTemporaryFileLeftBehind() throws Exception {
        assertEquals(List.of(), filesIn(spool));
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void partsOfASpooledBodyReachTheApplicationWithNamesFileNamesHeadersAndBytes() throws Exception {
        byte[] file = random(60_000, 11);
        String content = new String(file, StandardCharsets.ISO_8859_1).replace("--b", "--c");
        String body = multipart("b", "title", "holiday", "doc/photo.jpg", content, "empty/", "");
        Reply r = post(server, "/parts?q=1", "multipart/form-data; boundary=b", bytes(body));
        assertEquals(200, r.status(), r.text());
        assertEquals("""
                title||7|null|[Content-Disposition]|%s
                doc|photo.jpg|%d|application/octet-stream|[Content-Disposition, Content-Type]|%s
                empty||0|application/octet-stream|[Content-Disposition, Content-Type]|%s
                getPart(doc)=photo.jpg getPart(none)=null
                params={q=[1], title=[holiday]}
                """.formatted(sha256(bytes("holiday")), bytes(content).length, sha256(bytes(content)),
                sha256(new byte[0])), r.text());
    }

    @Test
    void fieldsAreDecodedAsUtf8UnlessTheRequestSaysOtherwise() throws Exception {
        String body = multipart("b", "prénom", "Renée");
        Reply r = post(server, "/parts", "multipart/form-data; boundary=b", body.getBytes(StandardCharsets.UTF_8));
        assertTrue(r.text().startsWith("prénom||6|"), r.text());
        assertTrue(r.text().endsWith("params={prénom=[Renée]}\n"), r.text());

        // RFC 7578 4.6: a _charset_ field names the charset of the other fields' values
        Reply latin = post(server, "/parts", "multipart/form-data; boundary=b",
                multipart("b", "_charset_", "ISO-8859-1", "name", "Renée").getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(latin.text().endsWith("params={_charset_=[ISO-8859-1], name=[Renée]}\n"), latin.text());
    }

    @Test
    void partOverTheServletsMaxFileSizeIsAnIllegalStateException() throws Exception {
        String body = multipart("b", "doc/big.bin", "x".repeat(100_001));
        Reply r = post(server, "/parts", "multipart/form-data; boundary=b", bytes(body));
        assertEquals(413, r.status());
        assertTrue(r.text().contains("larger than the servlet's maxFileSize (100000)"), r.text());
    }

    @Test
    void requestOverTheServletsMaxRequestSizeIsAnIllegalStateException() throws Exception {
        String body = multipart("b", "a/1.bin", "x".repeat(90_000), "b/2.bin", "y".repeat(90_000), "c/3.bin",
                "z".repeat(90_000));
        Reply r = post(server, "/parts", "multipart/form-data; boundary=b", bytes(body));
        assertEquals(413, r.status());
        assertTrue(r.text().contains("larger than the servlet's maxRequestSize (200000)"), r.text());
    }

    @Test
    void servletWithoutMultipartConfigGetsAnIllegalStateException() throws Exception {
        Reply r = post(server, "/noconfig", "multipart/form-data; boundary=b", bytes(multipart("b", "a", "1")));
        assertEquals("IllegalStateException: the servlet has no multipart configuration"
                + " (@MultipartConfig or <multipart-config>)", r.text());
    }

    @Test
    void requestThatIsNotMultipartGetsAServletException() throws Exception {
        Reply r = post(server, "/parts", "application/x-www-form-urlencoded", bytes("a=1"));
        assertEquals(400, r.status());
        assertEquals("ServletException: the request is not multipart/form-data", r.text());
    }

    @Test
    void partWriteCopiesTheBytesUnderTheConfiguredLocation() throws Exception {
        byte[] file = random(5000, 12);
        String content = new String(file, StandardCharsets.ISO_8859_1).replace("--b", "--c");
        Reply r = post(server, "/write", "multipart/form-data; boundary=b",
                bytes(multipart("b", "doc/a.bin", content)));
        assertEquals(200, r.status(), r.text());
        assertEquals("written, relative " + bytes(content).length, r.text());
        Path written = uploads.resolve("saved.bin");
        assertEquals(sha256(bytes(content)), sha256(Files.readAllBytes(written)));
        Files.delete(written);
    }

    // ---- test servlets ----

    /** Lists the parts (name|file name|size|type|header names|content hash), getPart, and the parameters. */
    @MultipartConfig(maxFileSize = 100_000, maxRequestSize = 200_000)
    static final class PartsServlet extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
            StringBuilder b = new StringBuilder();
            try {
                for (Part p : req.getParts()) {
                    byte[] content;
                    try (InputStream in = p.getInputStream()) {
                        content = in.readAllBytes();
                    }
                    b.append(p.getName()).append('|').append(p.getSubmittedFileName() == null ? ""
                            : p.getSubmittedFileName()).append('|').append(p.getSize()).append('|')
                            .append(p.getContentType()).append('|').append(p.getHeaderNames()).append('|')
                            .append(sha256(content)).append('\n');
                    if (content.length != p.getSize()) {
                        b.append("SIZE MISMATCH\n");
                    }
                }
                Part doc = req.getPart("doc");
                if (doc != null) {
                    b.append("getPart(doc)=").append(doc.getSubmittedFileName()).append(" getPart(none)=")
                            .append(req.getPart("none")).append('\n');
                }
                b.append("params={");
                String sep = "";
                for (Map.Entry<String, String[]> e : req.getParameterMap().entrySet()) {
                    b.append(sep).append(e.getKey()).append('=').append(List.of(e.getValue()));
                    sep = ", ";
                }
                b.append("}\n");
            } catch (IllegalStateException e) {
                res.setStatus(413);
                b.append("IllegalStateException: ").append(e.getMessage());
            } catch (ServletException e) {
                res.setStatus(400);
                b.append("ServletException: ").append(e.getMessage());
            }
            res.setContentType("text/plain;charset=UTF-8");
            res.getOutputStream().write(b.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Calls getParts() without a multipart configuration. */
    static final class NoConfigServlet extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
            String answer;
            try {
                answer = "parts: " + req.getParts().size();
            } catch (IllegalStateException | ServletException e) {
                answer = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            res.getWriter().print(answer);
        }
    }

    /** Writes the part "doc" as "saved.bin" under the configured location. */
    @MultipartConfig(location = "")
    static final class WriteServlet extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException,
                ServletException {
            Part doc = req.getPart("doc");
            // an absolute name is used as given (annotations cannot name a JUnit temporary folder)
            doc.write(uploads.resolve("saved.bin").toString());
            // a relative one goes under the location: none is configured, so the container's temporary folder, or
            // java.io.tmpdir when the container names none (as here)
            doc.write("relative-" + req.getHeader(WafServer.KEY_HEADER) + ".bin");
            Object tempDir = getServletContext().getAttribute(jakarta.servlet.ServletContext.TEMPDIR);
            Path relative = (tempDir instanceof java.io.File f ? f.toPath()
                    : Path.of(System.getProperty("java.io.tmpdir")))
                    .resolve("relative-" + req.getHeader(WafServer.KEY_HEADER) + ".bin");
            long size = Files.size(relative);
            Files.delete(relative);
            res.getWriter().print("written, relative " + size);
        }
    }
}
