package dev.bulwark.waf.testsupport;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;

/**
 * The {@code /reflect} servlet of {@link WafServer}: answers what the request asks, so tests can make the
 * application produce any response. Request headers, all optional:
 * <dl>
 * <dt>{@value #STATUS}</dt><dd>{@code setStatus(N)}</dd>
 * <dt>{@value #TYPE}, {@value #ENCODING}</dt><dd>{@code setContentType}, {@code setCharacterEncoding}</dd>
 * <dt>{@value #HEADER} (repeatable)</dt><dd>{@code Name: value}, added with {@code addHeader}</dd>
 * <dt>{@value #COOKIE}</dt><dd>{@code name=value}, added with {@code addCookie}</dd>
 * <dt>{@value #ERROR}, {@value #REDIRECT}</dt><dd>{@code sendError(N)} or {@code sendRedirect(location)}, after
 * writing the body</dd>
 * <dt>{@value #VIA}</dt><dd>{@code stream} (default) or {@code writer}: the body goes through
 * {@code getOutputStream()} as bytes, or through {@code getWriter()} as the text the bytes are in UTF-8</dd>
 * <dt>{@value #CHUNK}</dt><dd>write in pieces of N bytes (or chars)</dd>
 * <dt>{@value #FLUSH}</dt><dd>{@code each}: flush the stream or writer after each piece; {@code first}:
 * {@code flushBuffer()} after the first piece</dd>
 * <dt>{@value #LENGTH}</dt><dd>{@code declare}: {@code setContentLength} with the body's length in bytes</dd>
 * <dt>{@value #REPLACE}</dt><dd>after writing the body, {@code resetBuffer()} and write this value instead</dd>
 * <dt>{@value #LATE_HEADER}</dt><dd>{@code Name: value} set with {@code setHeader} after the body is written</dd>
 * <dt>{@value #CLOSE}</dt><dd>{@code yes}: close the stream or writer after writing</dd>
 * <dt>{@value #THROW}</dt><dd>{@code yes}: throw an exception at the end, after writing</dd>
 * <dt>{@value #LATE_TYPE}</dt><dd>{@code setContentType} right after the stream or writer is obtained</dd>
 * </dl>
 * The body is the request body for POST, else the value of {@value #BODY}.
 */
public final class Reflect {

    public static final String STATUS = "X-Reflect-Status";
    public static final String TYPE = "X-Reflect-Type";
    public static final String ENCODING = "X-Reflect-Encoding";
    public static final String HEADER = "X-Reflect-Header";
    public static final String COOKIE = "X-Reflect-Cookie";
    public static final String ERROR = "X-Reflect-Error";
    public static final String REDIRECT = "X-Reflect-Redirect";
    public static final String VIA = "X-Reflect-Via";
    public static final String CHUNK = "X-Reflect-Chunk";
    public static final String FLUSH = "X-Reflect-Flush";
    public static final String LENGTH = "X-Reflect-Length";
    public static final String REPLACE = "X-Reflect-Replace";
    public static final String LATE_HEADER = "X-Reflect-Late-Header";
    public static final String LATE_TYPE = "X-Reflect-Late-Type";
    public static final String CLOSE = "X-Reflect-Close";
    public static final String THROW = "X-Reflect-Throw";
    public static final String BODY = "X-Reflect-Body";

    private Reflect() {}

    static void answer(HttpServletRequest req, HttpServletResponse res) throws IOException {
        byte[] body;
        if ("POST".equals(req.getMethod())) {
            try (InputStream in = req.getInputStream()) {
                body = in.readAllBytes();
            }
        } else {
            String b = req.getHeader(BODY);
            body = b == null ? new byte[0] : b.getBytes(StandardCharsets.ISO_8859_1);
        }
        if (req.getHeader(STATUS) != null) {
            res.setStatus(Integer.parseInt(req.getHeader(STATUS)));
        }
        if (req.getHeader(TYPE) != null) {
            res.setContentType(req.getHeader(TYPE));
        }
        if (req.getHeader(ENCODING) != null) {
            res.setCharacterEncoding(req.getHeader(ENCODING));
        }
        for (Enumeration<String> e = req.getHeaders(HEADER); e.hasMoreElements(); ) {
            String h = e.nextElement();
            int colon = h.indexOf(':');
            res.addHeader(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
        }
        if (req.getHeader(COOKIE) != null) {
            String c = req.getHeader(COOKIE);
            int eq = c.indexOf('=');
            res.addCookie(new Cookie(c.substring(0, eq), c.substring(eq + 1)));
        }
        int chunk = req.getHeader(CHUNK) == null ? Integer.MAX_VALUE : Integer.parseInt(req.getHeader(CHUNK));
        String flush = req.getHeader(FLUSH);
        boolean declare = "declare".equals(req.getHeader(LENGTH));
        if ("writer".equals(req.getHeader(VIA))) {
            String text = new String(body, StandardCharsets.UTF_8);
            PrintWriter w = res.getWriter();
            if (req.getHeader(LATE_TYPE) != null) {
                res.setContentType(req.getHeader(LATE_TYPE));
            }
            if (declare) {
                res.setContentLength(text.getBytes(Charset.forName(res.getCharacterEncoding())).length);
            }
            for (int i = 0; i < text.length(); i += chunk) {
                w.write(text, i, Math.min(chunk, text.length() - i));
                flushed(flush, i == 0, w::flush, res);
            }
            if (req.getHeader(REPLACE) != null) {
                res.resetBuffer();
                w.write(req.getHeader(REPLACE));
            }
            if (req.getHeader(CLOSE) != null) {
                w.close();
            }
        } else {
            OutputStream out = res.getOutputStream();
            if (req.getHeader(LATE_TYPE) != null) {
                res.setContentType(req.getHeader(LATE_TYPE));
            }
            if (declare) {
                res.setContentLength(body.length);
            }
            for (int i = 0; i < body.length; i += chunk) {
                out.write(body, i, Math.min(chunk, body.length - i));
                flushed(flush, i == 0, out::flush, res);
            }
            if (req.getHeader(REPLACE) != null) {
                res.resetBuffer();
                out.write(req.getHeader(REPLACE).getBytes(StandardCharsets.ISO_8859_1));
            }
            if (req.getHeader(CLOSE) != null) {
                out.close();
            }
        }
        if (req.getHeader(LATE_HEADER) != null) {
            String h = req.getHeader(LATE_HEADER);
            int colon = h.indexOf(':');
            res.setHeader(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
        }
        if (req.getHeader(THROW) != null) {
            throw new IllegalStateException("application failure asked by the test");
        }
        if (req.getHeader(ERROR) != null) {
            res.sendError(Integer.parseInt(req.getHeader(ERROR)));
        } else if (req.getHeader(REDIRECT) != null) {
            res.sendRedirect(req.getHeader(REDIRECT));
        }
    }

    private interface Flush {
        void run() throws IOException;
    }

    private static void flushed(String how, boolean first, Flush flush, HttpServletResponse res) throws IOException {
        if ("each".equals(how)) {
            flush.run();
        } else if ("first".equals(how) && first) {
            res.flushBuffer();
        }
    }
}
