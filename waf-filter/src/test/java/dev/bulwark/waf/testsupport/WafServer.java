package dev.bulwark.waf.testsupport;

import dev.bulwark.waf.internal.log.RequestLog;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Jetty 12 (ee10) on an ephemeral loopback port with a WAF filter in front of test servlets:
 * <ul>
 * <li>{@code /echo}: answers the request body, byte for byte, read through {@code getInputStream()};</li>
 * <li>{@code /reader}: answers the body read through {@code getReader()}, as UTF-8;</li>
 * <li>{@code /params}: answers {@code name=v1|v2} lines from {@code getParameterMap()}, as UTF-8;</li>
 * <li>{@code /reflect}: answers as the request's {@code X-Reflect-*} headers say (see {@link Reflect});</li>
 * <li>paths given to the constructor: the servlets given;</li>
 * <li>anything else: {@code ok}.</li>
 * </ul>
 * Every filter and servlet supports async processing.
 * A recording filter in front of the WAF keeps the error log lines of each request, keyed by its
 * {@value #KEY_HEADER} header. A request carrying {@value #EXPLODE_HEADER} gets header enumeration that throws,
 * which simulates a failure inside the inspection; with {@value #EXPLODE_RESPONSE_HEADER}, the response's header
 * enumeration throws, which simulates a failure inside phase 3.
 */
public final class WafServer implements AutoCloseable {

    public static final String KEY_HEADER = "X-Test-Key";
    public static final String EXPLODE_HEADER = "X-Test-Explode";
    public static final String EXPLODE_RESPONSE_HEADER = "X-Test-Explode-Response";

    private final Server server;
    private final ServerConnector connector;
    private final Map<String, List<String>> linesByKey = new ConcurrentHashMap<>();

    public WafServer(Filter waf, Map<String, String> initParams) throws Exception {
        this(waf, initParams, Map.of());
    }

    /** With {@code servlets} (path spec to servlet) besides the test servlet. */
    public WafServer(Filter waf, Map<String, String> initParams, Map<String, HttpServlet> servlets)
            throws Exception {
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler ctx = new ServletContextHandler();
        ctx.setContextPath("/");
        FilterHolder recording = new FilterHolder(new RecordingFilter());
        recording.setAsyncSupported(true);
        ctx.addFilter(recording, "/*", EnumSet.of(DispatcherType.REQUEST));
        FilterHolder holder = new FilterHolder(waf);
        holder.setName("bulwark");
        holder.setAsyncSupported(true);
        initParams.forEach(holder::setInitParameter);
        ctx.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
        ServletHolder test = new ServletHolder(new TestServlet());
        test.setAsyncSupported(true);
        ctx.addServlet(test, "/*");
        servlets.forEach((path, servlet) -> {
            ServletHolder h = new ServletHolder(servlet);
            h.setAsyncSupported(true);
            ctx.addServlet(h, path);
        });
        server.setHandler(ctx);
        server.start();
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** The log lines of the request sent with {@code KEY_HEADER: key}; waits for the filter chain to unwind. */
    public List<String> lines(String key) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            List<String> l = linesByKey.get(key);
            if (l != null) {
                return l;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no log lines recorded for request " + key);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop Jetty", e);
        }
    }

    private final class RecordingFilter implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            HttpServletRequest req = (HttpServletRequest) request;
            String key = req.getHeader(KEY_HEADER);
            try {
                chain.doFilter(req.getHeader(EXPLODE_HEADER) == null ? req : new ExplodingRequest(req),
                        req.getHeader(EXPLODE_RESPONSE_HEADER) == null ? response
                                : new ExplodingResponse((HttpServletResponse) response));
            } finally {
                @SuppressWarnings("unchecked")
                List<String> lines = (List<String>) req.getAttribute(RequestLog.LINES_ATTRIBUTE);
                if (key != null) {
                    linesByKey.put(key, lines == null ? List.of("<no lines attribute>") : lines);
                }
            }
        }
    }

    private static final class ExplodingRequest extends HttpServletRequestWrapper {
        ExplodingRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            throw new IllegalStateException("simulated failure while the WAF reads the request");
        }
    }

    private static final class ExplodingResponse extends HttpServletResponseWrapper {
        ExplodingResponse(HttpServletResponse response) {
            super(response);
        }

        @Override
        public Collection<String> getHeaders(String name) {
            throw new IllegalStateException("simulated failure while the WAF reads the response");
        }
    }

    private static final class TestServlet extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
            switch (req.getRequestURI()) {
                case "/echo" -> {
                    res.setContentType("application/octet-stream");
                    try (InputStream in = req.getInputStream()) {
                        in.transferTo(res.getOutputStream());
                    }
                }
                case "/reader" -> {
                    StringBuilder b = new StringBuilder();
                    try (Reader r = req.getReader()) {
                        char[] buf = new char[1000];
                        for (int n; (n = r.read(buf)) > 0; ) {
                            b.append(buf, 0, n);
                        }
                    }
                    res.setContentType("text/plain;charset=UTF-8");
                    res.getOutputStream().write(b.toString().getBytes(StandardCharsets.UTF_8));
                }
                case "/params" -> {
                    StringBuilder b = new StringBuilder();
                    req.getParameterMap().forEach((k, v) -> b.append(k).append('=')
                            .append(String.join("|", new ArrayList<>(List.of(v)))).append('\n'));
                    res.setContentType("text/plain;charset=UTF-8");
                    res.getOutputStream().write(b.toString().getBytes(StandardCharsets.UTF_8));
                }
                case "/reflect" -> Reflect.answer(req, res);
                default -> {
                    res.setContentType("text/plain");
                    res.getWriter().print("ok");
                }
            }
        }
    }
}
