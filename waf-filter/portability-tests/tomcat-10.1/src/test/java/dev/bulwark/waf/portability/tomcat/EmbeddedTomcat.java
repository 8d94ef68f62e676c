package dev.bulwark.waf.portability.tomcat;

import dev.bulwark.waf.portability.Deployment;
import dev.bulwark.waf.portability.ServletContainer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletRegistration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;

/**
 * Embedded Tomcat 10.1 (Servlet 6.0): one context at {@code /} on an NIO HTTP/1.1 connector, filters and servlets
 * registered through {@code ServletContext.addFilter}/{@code addServlet} when the context starts.
 */
public final class EmbeddedTomcat implements ServletContainer {

    /** Tomcat logs its start and stop at INFO through java.util.logging; tests want its warnings only. */
    private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");

    static {
        TOMCAT_LOG.setLevel(Level.WARNING);
    }

    @Override
    public String name() {
        return ServerInfo.getServerInfo().replace("Apache Tomcat/", "Tomcat ");
    }

    @Override
    public Running start(Deployment deployment) throws Exception {
        Path base = Files.createTempDirectory("bulwark-tomcat");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector("HTTP/1.1");
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);

        Path docBase = Files.createDirectories(base.resolve("root"));
        Context context = tomcat.addContext("", docBase.toString());
        // Registered through the Servlet API at start, as Spring Boot's embedded Tomcat registers its beans.
        context.addServletContainerInitializer((classes, servletContext) -> {
            for (Deployment.FilterEntry f : deployment.filters()) {
                FilterRegistration.Dynamic filter = servletContext.addFilter(f.name(), f.filter());
                filter.setAsyncSupported(true);
                filter.setInitParameters(f.initParams());
                filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
            }
            for (Deployment.ServletEntry s : deployment.servlets()) {
                ServletRegistration.Dynamic servlet = servletContext.addServlet(s.name(), s.servlet());
                servlet.setAsyncSupported(true);
                servlet.addMapping(s.mapping());
            }
        }, null);
        try {
            tomcat.start();
        } catch (LifecycleException e) {
            stop(tomcat, base);
            throw e;
        }
        if (context.getState() != LifecycleState.STARTED) {
            // A filter's init failed: Tomcat keeps running and answers 404 for the unavailable context.
            System.out.println("Tomcat context state after start: " + context.getState());
        }
        return new Running() {
            @Override
            public int port() {
                return connector.getLocalPort();
            }

            @Override
            public void close() {
                stop(tomcat, base);
            }
        };
    }

    private static void stop(Tomcat tomcat, Path base) {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException("cannot stop Tomcat", e);
        }
        try (Stream<Path> files = Files.walk(base)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete Tomcat's base directory " + base, e);
        }
    }
}
