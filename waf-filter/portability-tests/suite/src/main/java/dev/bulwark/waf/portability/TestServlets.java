package dev.bulwark.waf.portability;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;

/**
 * The servlets of the {@link TestApp}, each answering what it received so that a test can compare it byte for byte:
 * <ul>
 * <li>{@code /echo}: the body read through {@code getInputStream()} (application/octet-stream);</li>
 * <li>{@code /reader}: the body read through {@code getReader()}, re-encoded as UTF-8 (text/plain);</li>
 * <li>{@code /params}: {@code ?=} the raw query string, then {@code name=v1|v2} lines from
 * {@code getParameterMap()}, names sorted (text/plain, UTF-8);</li>
 * <li>{@code /headers}: {@code name=v1|v2} lines of {@code getHeaders(name)} for every name listed in the
 * request's {@code X-Show} header;</li>
 * <li>{@code /async}: starts async processing ({@code startAsync()}) and, on a thread of its own, answers
 * {@code async:} and the body read through the async context's request (or, with {@code ?params}, its parameter
 * lines, as {@code /params}), then completes;</li>
 * <li>{@code /servlet-version}: the Servlet API version the container implements, e.g. {@code 6.1};</li>
 * <li>{@code /leak}: an error page that leaks an Oracle error message ({@code ORA-00933});</li>
 * <li>{@code /document?size=N}: N bytes of UTF-8 text ({@link #document(int)}), text/plain;</li>
 * <li>anything else: {@code ok}.</li>
 * </ul>
 * Every servlet marks the request served (see {@link TestApp#served}) and answers its key in
 * {@link TestApp#SERVED_HEADER}.
 */
final class TestServlets {

    /** What {@code /leak} answers. */
    static final String LEAK_PAGE = "<html><body><h1>Error</h1><pre>java.sql.SQLSyntaxErrorException: "
            + "ORA-00933: SQL command not properly ended</pre></body></html>";

    private TestServlets() {}

    static void register(Deployment d, TestApp app, ExecutorService asyncWorkers) {
        d.servlet("echo", new Echo(app), "/echo")
                .servlet("reader", new ReaderEcho(app), "/reader")
                .servlet("params", new Params(app), "/params")
                .servlet("headers", new Headers(app), "/headers")
                .servlet("async", new AsyncEcho(app, asyncWorkers), "/async")
                .servlet("leak", new Leak(app), "/leak")
                .servlet("document", new Document(app), "/document")
                .servlet("servlet-version", new ServletVersion(app), "/servlet-version")
                .servlet("ok", new Ok(app), "/*");
    }

    /**
     * {@code size} bytes of UTF-8 text with multi-byte characters, the same for a given size: what {@code /document}
     * answers. Cut at a byte count, so the last character may be incomplete, which the WAF must not mind either.
     */
    static byte[] document(int size) {
        byte[] line = "Lorem ipsum dolor sit amet, caf\u00e9 cr\u00e8me br\u00fbl\u00e9e \u2713 \u20ac 42 <p>&amp;</p>\n"
                .getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            out[i] = line[i % line.length];
        }
        return out;
    }

    /** Marks the request served, answers its key, and leaves the rest to {@link #handle}. */
    private abstract static class TestServlet extends HttpServlet {
        private final transient TestApp app;

        TestServlet(TestApp app) {
            this.app = app;
        }

        @Override
        protected final void service(HttpServletRequest req, HttpServletResponse res)
                throws ServletException, IOException {
            String key = req.getHeader(TestApp.KEY_HEADER);
            if (key != null) {
                app.recordServed(key);
                res.setHeader(TestApp.SERVED_HEADER, key);
            }
            handle(req, res);
        }

        abstract void handle(HttpServletRequest req, HttpServletResponse res) throws ServletException, IOException;
    }

    private static final class Echo extends TestServlet {
        Echo(TestApp app) {
            super(app);
        }

        @Override
        void handle(HttpServletRequest req, HttpServletResponse res) throws IOException {
            res.setContentType("application/octet-stream");
            try (InputStream in = req.getInputStream(); OutputStream out = res.getOutputStream()) {
                in.transferTo(out);
            }
        }
    }

    private static final class ReaderEcho extends TestServlet {
        ReaderEcho(TestApp app) {
            super(app);
        }

        @Override
        void handle(HttpServletRequest req, HttpServletResponse res) throws IOException {
            StringBuilder b = new StringBuilder();
            try (Reader r = req.getReader()) {
                char[] buf = new char[4096];
                for (int n; (n = r.read(buf)) >= 0; ) {
                    b.append(buf, 0, n);
                }
            }
            utf8(res, b.toString());
        }
    }

    private static final class Params extends TestServlet {
        Params(TestApp app) {
            super(app);
        }

        @Override
        void handle(HttpServletRequest req, HttpServletResponse res) throws IOException {
            utf8(res, parameterLines(req));
        }
    }

    /** {@code ?=} and the raw query string, then {@code name=v1|v2} lines of the parameters, names sorted. */
    static String parameterLines(HttpServletRequest req) {
        StringBuilder b = new StringBuilder("?=").append(req.getQueryString()).append('\n');
        new TreeMap<>(req.getParameterMap()).forEach((name, values) ->
                b.append(name).append('=').append(String.join("|", values)).append('\n'));
        return b.toString();
    }

    private static final class Headers extends TestServlet {
        Headers(TestApp app) {
            super(app);
        }

        @Override
        void handle(HttpServletRequest req, HttpServletResponse res) throws IOException {
            StringBuilder b = new StringBuilder();
            String show = req.getHeader("X-Show");
            for (String name : show == null ? new String[0] : show.split(",")) {
                List<String> values = new ArrayList<>(Collections.list(req.getHeaders(name.trim())));
                b.append(name.trim()).append('=').append(String.join("|", values)).append('\n');
            }
            utf8(res, b.toString());
        }
    }

    private static final class AsyncEcho extends TestServlet {
        private final transient ExecutorService workers;

        AsyncEcho(TestApp app, ExecutorService workers) {
            super(app);
            this.workers = workers;
        }

        @Override
        void handle(HttpServletRequest req, HttpServletResponse res) {
            AsyncContext async = req.startAsync();
            async.setTimeout(20_000);
            workers.execute(() -> {
                try {
                    byte[] body;
                    if ("params".equals(req.getQueryString())) {
                        body = parameterLines((HttpServletRequest) async.getRequest()).getBytes(StandardCharsets.UTF_8);
                    } else {
                        try (InputStream in = async.getRequest().getInputStream()) {
                            body = in.readAllBytes();
                        }
                    }
                    HttpServletResponse r = (HttpServletResponse) async.getResponse();
                    r.setContentType("application/octet-stream");
                    OutputStream out = r.getOutputStream();
                    out.write("async:".getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                } catch (IOException | RuntimeException e) {
                    ((HttpServletResponse) async.getResponse()).setStatus(500);
                } finally {
                    async.complete();
                }
            });
        }
    }

    private static final class Leak extends TestServlet {
        Leak(TestApp app) {
            super(app);
        }

        @Override
        void handle(HttpServletRequest req, HttpServletResponse res) throws IOException {
            res.setContentType("text/html;charset=UTF-8");
            res.getOutputStream().write(LEAK_PAGE.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static final class Document extends TestServlet {
        Document(TestApp app) {
            super(app);
        }

        @Override
        void handle(HttpServletRequest req, HttpServletResponse res) throws IOException {
            res.setContentType("text/plain;charset=UTF-8");
            byte[] doc = document(Integer.parseInt(req.getParameter("size")));
            OutputStream out = res.getOutputStream();
            // In pieces, as applications write: the WAF holds them for phase 4 and must send them unchanged.
            for (int at = 0; at < doc.length; at += 3000) {
                out.write(doc, at, Math.min(3000, doc.length - at));
            }
        }
    }

    private static final class ServletVersion extends TestServlet {
        ServletVersion(TestApp app) {
            super(app);
        }

        @Override
        void handle(HttpServletRequest req, HttpServletResponse res) throws IOException {
            utf8(res, getServletContext().getMajorVersion() + "." + getServletContext().getMinorVersion());
        }
    }

    private static final class Ok extends TestServlet {
        Ok(TestApp app) {
            super(app);
        }

        @Override
        void handle(HttpServletRequest req, HttpServletResponse res) throws IOException {
            res.setContentType("text/plain");
            res.getOutputStream().write("ok".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static void utf8(HttpServletResponse res, String text) throws IOException {
        res.setContentType("text/plain;charset=UTF-8");
        res.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    }
}
