package dev.bulwark.demo;

import dev.bulwark.waf.RuleLoadException;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.FilterMapping;
import org.eclipse.jetty.ee10.servlet.ServletHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Runs the demo web application (the {@code webapp/} folder inside this jar, with its {@code WEB-INF/web.xml}) in
 * embedded Jetty. Command-line options override the Bulwark filter's init-params from web.xml through a Jetty
 * override descriptor, so web.xml stays the one place the filter is declared.
 *
 * <p>Exit codes: 2 for a bad command line (with the usage), 1 when the rules or the server cannot start.
 */
public final class DemoServer implements AutoCloseable {

    /** The filter's name in web.xml. */
    static final String FILTER_NAME = "bulwark";
    static final String CPU_REPORT_FILTER = "cpu-report";

    /**
     * Request bodies are read with blocking I/O (Bulwark reads each one before the application does), so every upload
     * in progress holds a thread. With Jetty's default of 200, a 200th concurrent upload would wait for a thread
     * while nobody reads its connection, and Jetty's idle timeout would close it: size the pool above the uploads
     * expected at once.
     */
    static final int MAX_THREADS = 400;

    /** The incidents page's servlet name in web.xml. */
    static final String INCIDENTS_SERVLET = "incidents";

    /** The rule that keeps the incidents page out of response inspection; loaded after all other rules. */
    static final String INCIDENTS_PAGE_RULES = "classpath:bulwark-demo/incidents-page.conf";

    private final Server server;
    private final WebAppContext webapp;
    private final Path overrideDescriptor;

    private DemoServer(Server server, WebAppContext webapp, Path overrideDescriptor) {
        this.server = server;
        this.webapp = webapp;
        this.overrideDescriptor = overrideDescriptor;
    }

    public static void main(String[] args) throws Exception {
        Launch launch = launch(System.out, System.err, args);
        if (launch.server() == null) {
            System.exit(launch.exitCode());
        }
        launch.server().server.join();
    }

    /** The outcome of {@link #launch}: a running server, or the exit code to end with. */
    record Launch(DemoServer server, int exitCode) {}

    /** Parses the options and starts the server; problems are written to {@code err}. */
    static Launch launch(PrintStream out, PrintStream err, String... args) {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (DemoOptions.UsageException e) {
            err.println("error: " + e.getMessage());
            err.print(DemoOptions.USAGE);
            return new Launch(null, 2);
        }
        try {
            DemoServer server = start(options, out);
            out.println("Bulwark demo listening on " + server.url());
            if (!options.waf()) {
                out.println("Bulwark filter: not in the chain (--no-waf)");
            } else {
                out.println("Audit log: " + options.auditLog().toAbsolutePath());
                out.println("Incidents: " + server.url().resolve(IncidentPage.PATH.substring(1)) + " (for "
                        + server.incidentsFrom() + " only)");
            }
            out.println("Engine mode: " + (options.engineMode() == null ? "from the rules (SecRuleEngine)"
                    : options.engineMode().secLang()));
            out.println("Active rule sources:");
            for (String source : server.ruleSources().split("[,\\n]")) {
                if (!source.isBlank()) {
                    out.println("  " + source.trim());
                }
            }
            return new Launch(server, 0);
        } catch (Exception e) {
            RuleLoadException rules = find(e, RuleLoadException.class);
            if (rules != null) {
                err.println("error: " + rules.getMessage());
            } else {
                err.println("error: the server could not start: " + describe(e));
            }
            return new Launch(null, 1);
        }
    }

    /** Starts the demo with {@code options}; the caller closes it. */
    static DemoServer start(DemoOptions options) throws Exception {
        return start(options, System.out);
    }

    /** {@link #start(DemoOptions)}, writing {@code --cpu-report} lines to {@code out}. */
    static DemoServer start(DemoOptions options, PrintStream out) throws Exception {
        Server server = new Server(new QueuedThreadPool(MAX_THREADS));
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(options.port());
        server.addConnector(connector);

        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/");
        webapp.setBaseResource(ResourceFactory.of(webapp).newResource(webappBase()));
        // Classes and rules come from this jar's class path, not from WEB-INF.
        webapp.setParentLoaderPriority(true);
        // A filter that fails to initialise (broken rules) must stop the start, not leave a 503 behind.
        webapp.setThrowUnavailableOnStartupException(true);

        Map<String, String> overrides = new LinkedHashMap<>();
        if (!options.ruleSources().isEmpty()) {
            List<String> rules = new ArrayList<>(options.ruleSources());
            // last, after every rule it must let run first (see the file)
            rules.add(INCIDENTS_PAGE_RULES);
            overrides.put("rules", String.join("\n", rules));
        }
        overrides.put("auditLog", options.auditLog().toAbsolutePath().toString());
        if (options.engineMode() != null) {
            overrides.put("engineMode", options.engineMode().secLang());
        }
        Map<String, String> incidents = new LinkedHashMap<>();
        if (options.incidentsFrom() != null) {
            incidents.put("allowFrom", options.incidentsFrom());
        }
        Path overrideDescriptor = writeOverrideDescriptor(overrides, incidents);
        webapp.addOverrideDescriptor(overrideDescriptor.toUri().toString());
        server.setHandler(webapp);
        DemoServer demo = new DemoServer(server, webapp, overrideDescriptor);
        try {
            server.start();
            if (!options.waf()) {
                // The baseline for load tests: the same application, with the filter taken off the chain.
                ServletHandler handler = webapp.getServletHandler();
                handler.setFilterMappings(Arrays.stream(handler.getFilterMappings())
                        .filter(m -> !FILTER_NAME.equals(m.getFilterName())).toArray(FilterMapping[]::new));
            }
            if (options.cpuReport() > 0) {
                // first in the chain, so it times everything after it: the Bulwark filter and the application
                ServletHandler handler = webapp.getServletHandler();
                FilterHolder holder = new FilterHolder(new CpuReport(out, options.cpuReport()));
                holder.setName(CPU_REPORT_FILTER);
                handler.addFilter(holder);
                FilterMapping mapping = new FilterMapping();
                mapping.setFilterName(CPU_REPORT_FILTER);
                mapping.setPathSpec("/*");
                mapping.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST));
                handler.prependFilterMapping(mapping);
            }
        } catch (Exception e) {
            try {
                demo.close();
            } catch (Exception closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        return demo;
    }

    /** The folder holding {@code WEB-INF/web.xml} on the class path (inside the jar, or target/classes). */
    private static URI webappBase() throws URISyntaxException {
        URL webXml = DemoServer.class.getResource("/webapp/WEB-INF/web.xml");
        if (webXml == null) {
            throw new IllegalStateException("webapp/WEB-INF/web.xml is missing from the class path");
        }
        String s = webXml.toURI().toString();
        return new URI(s.substring(0, s.length() - "WEB-INF/web.xml".length()));
    }

    /**
     * A web.xml fragment that Jetty applies after web.xml: the same filter and incidents servlet, with the given
     * init-params.
     */
    private static Path writeOverrideDescriptor(Map<String, String> filterParams, Map<String, String> incidentsParams)
            throws IOException {
        StringBuilder xml = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                  <filter>
                """);
        xml.append("    <filter-name>").append(FILTER_NAME).append("</filter-name>\n");
        initParams(xml, filterParams);
        xml.append("  </filter>\n");
        if (!incidentsParams.isEmpty()) {
            xml.append("  <servlet>\n    <servlet-name>").append(INCIDENTS_SERVLET).append("</servlet-name>\n");
            initParams(xml, incidentsParams);
            xml.append("  </servlet>\n");
        }
        xml.append("</web-app>\n");
        Path file = Files.createTempFile("bulwark-demo-override-", ".xml");
        Files.writeString(file, xml, StandardCharsets.UTF_8);
        return file;
    }

    private static void initParams(StringBuilder xml, Map<String, String> params) {
        params.forEach((name, value) -> xml.append("    <init-param><param-name>").append(escapeXml(name))
                .append("</param-name><param-value>").append(escapeXml(value)).append("</param-value></init-param>\n"));
    }

    private static String escapeXml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** The port the server listens on (the real one when started with port 0). */
    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    public URI url() {
        return URI.create("http://localhost:" + port() + "/");
    }

    /** The filter's {@code rules} init-param in force: web.xml's, or the command line's. */
    String ruleSources() {
        FilterHolder holder = webapp.getServletHandler().getFilter(FILTER_NAME);
        return holder == null ? "(no filter named " + FILTER_NAME + ")" : holder.getInitParameter("rules");
    }

    /** The incidents servlet's {@code allowFrom} init-param in force: web.xml's, or the command line's. */
    String incidentsFrom() {
        ServletHolder holder = webapp.getServletHandler().getServlet(INCIDENTS_SERVLET);
        String from = holder == null ? null : holder.getInitParameter("allowFrom");
        return from == null ? IncidentsAccess.LOOPBACK : from;
    }

    @Override
    public void close() throws Exception {
        try {
            server.stop();
        } finally {
            if (overrideDescriptor != null) {
                Files.deleteIfExists(overrideDescriptor);
            }
        }
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            for (Throwable s : t.getSuppressed()) {
                T found = find(s, type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static String describe(Throwable e) {
        StringBuilder b = new StringBuilder(String.valueOf(e));
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            b.append(System.lineSeparator()).append("  caused by: ").append(t);
        }
        return b.toString();
    }
}
