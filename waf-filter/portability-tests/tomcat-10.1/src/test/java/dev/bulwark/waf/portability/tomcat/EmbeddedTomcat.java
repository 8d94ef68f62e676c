package dev.bulwark.waf.portability.tomcat;

import dev.bulwark.waf.portability.Deployment;
import dev.bulwark.waf.portability.ServletContainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/** Embedded Tomcat 10.1 (Servlet 6.0): one context at {@code /} on an NIO HTTP/1.1 connector. */
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
        for (Deployment.FilterEntry f : deployment.filters()) {
            FilterDef def = new FilterDef();
            def.setFilterName(f.name());
            def.setFilter(f.filter());
            def.setAsyncSupported("true");
            f.initParams().forEach(def::addInitParameter);
            context.addFilterDef(def);
            FilterMap map = new FilterMap();
            map.setFilterName(f.name());
            map.addURLPattern("/*");
            map.setDispatcher("REQUEST");
            context.addFilterMap(map);
        }
        for (Deployment.ServletEntry s : deployment.servlets()) {
            Wrapper wrapper = Tomcat.addServlet(context, s.name(), s.servlet());
            wrapper.setAsyncSupported(true);
            context.addServletMappingDecoded(s.mapping(), s.name());
        }
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
