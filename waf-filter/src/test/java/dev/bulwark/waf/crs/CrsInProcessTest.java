package dev.bulwark.waf.crs;

import static org.junit.jupiter.api.Assertions.fail;

import dev.bulwark.waf.RuleSet;
import dev.bulwark.waf.WafConfig;
import dev.bulwark.waf.WafFilter;
import dev.bulwark.waf.internal.log.RequestLog;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/**
 * The CRS regression suite in process: CRS loaded unmodified behind the harness preamble, the real {@link WafFilter}
 * in Jetty 12 (ee10) on loopback in front of {@link CrsBackendServlet}, each stage sent as go-ftw would send it over
 * a raw socket. A stage's log lines are the lines the filter logged for that request (read from the request after
 * the filter chain returns, matched to the client's connection by its port), checked as go-ftw checks a log.
 */
class CrsInProcessTest {

    private static final int THREADS = 2;

    @Test
    void crsRegressionSuite() throws Exception {
        Path crs = CrsHarness.crsDirOrSkip();
        List<FtwTest> tests = CrsHarness.selectedTests(crs);
        RuleSet rules = RuleSet.compile(WafConfig.builder().rules(CrsHarness.ruleSources(crs)
                .toArray(dev.bulwark.waf.RuleSource[]::new)).build());
        Overrides overrides = Overrides.load("crs/overrides.yaml");
        // The lines are read from each request; thousands of warnings on the console would only bury the result.
        Logger wafLogger = Logger.getLogger("dev.bulwark.waf");
        Level level = wafLogger.getLevel();
        wafLogger.setLevel(Level.OFF);
        try (LoopbackServer server = new LoopbackServer(new WafFilter(rules))) {
            CrsHarness.Report report = CrsHarness.run(tests, overrides, CrsHarness.IN_PROCESS, server::send,
                    THREADS);
            CrsReport.finish(report, CrsHarness.IN_PROCESS, "crs/known-failures-in-process.txt");
        } finally {
            wafLogger.setLevel(level);
        }
    }

    /** Jetty with a recording filter, the WAF, and the backend; lines are kept per client port. */
    static final class LoopbackServer implements AutoCloseable {

        private final Server server = new Server();
        private final ServerConnector connector;
        /** Requests that reached the filters and have not finished, by client port. */
        private final Map<Integer, CountDownLatch> running = new ConcurrentHashMap<>();
        private final Map<Integer, List<String>> linesByPort = new ConcurrentHashMap<>();

        LoopbackServer(Filter waf) throws Exception {
            // The most permissive request parsing Jetty offers, so that odd request lines, paths and headers reach
            // the rules: this harness tests rule behaviour; the end-to-end harness tests the demo's real settings.
            HttpConfiguration http = new HttpConfiguration();
            http.setUriCompliance(UriCompliance.UNSAFE);
            http.setHttpCompliance(HttpCompliance.LEGACY);
            connector = new ServerConnector(server, new HttpConnectionFactory(http));
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            ServletContextHandler ctx = new ServletContextHandler();
            ctx.setContextPath("/");
            ctx.getServletHandler().setDecodeAmbiguousURIs(true);
            ctx.addFilter(new FilterHolder(new Recorder()), "/*", EnumSet.of(DispatcherType.REQUEST));
            ctx.addFilter(new FilterHolder(waf), "/*", EnumSet.of(DispatcherType.REQUEST));
            ctx.addServlet(new ServletHolder(new CrsBackendServlet()), "/*");
            server.setHandler(ctx);
            server.start();
        }

        CrsHarness.StageOutcome send(FtwTest.Input input) throws InterruptedException {
            RawHttp http = new RawHttp("127.0.0.1", connector.getLocalPort(), 10_000);
            RawHttp.Exchange x = http.send(FtwRequest.build(input), FtwRequest.isHead(input),
                    port -> linesByPort.remove(port));
            // The response is complete; if the request reached the filters, wait for the chain to unwind.
            CountDownLatch done = running.get(x.localPort());
            if (done != null && !done.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("request from port " + x.localPort() + " never finished");
            }
            running.remove(x.localPort());
            List<String> lines = linesByPort.remove(x.localPort());
            return new CrsHarness.StageOutcome(x.status(), x.error(), lines == null ? List.of() : lines);
        }

        @Override
        public void close() throws Exception {
            server.stop();
        }

        private final class Recorder implements Filter {
            @Override
            public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                    throws IOException, ServletException {
                int port = request.getRemotePort();
                CountDownLatch done = new CountDownLatch(1);
                running.put(port, done);
                try {
                    chain.doFilter(request, response);
                } finally {
                    @SuppressWarnings("unchecked")
                    List<String> lines = (List<String>) request.getAttribute(RequestLog.LINES_ATTRIBUTE);
                    linesByPort.put(port, lines == null ? List.of() : new ArrayList<>(lines));
                    done.countDown();
                }
            }
        }
    }
}
