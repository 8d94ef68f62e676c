package dev.bulwark.waf.portability.ee11;

import dev.bulwark.waf.portability.Deployment;
import dev.bulwark.waf.portability.ServletContainer;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Jetty;

/** Jetty 12, environment ee11 (Servlet 6.1): a {@link ServletContextHandler} at {@code /}. */
public final class JettyEe11 implements ServletContainer {

    @Override
    public String name() {
        return "Jetty " + Jetty.VERSION + " ee11";
    }

    @Override
    public Running start(Deployment deployment) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        for (Deployment.FilterEntry f : deployment.filters()) {
            FilterHolder holder = new FilterHolder(f.filter());
            holder.setName(f.name());
            holder.setAsyncSupported(true);
            f.initParams().forEach(holder::setInitParameter);
            context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
        }
        for (Deployment.ServletEntry s : deployment.servlets()) {
            ServletHolder holder = new ServletHolder(s.name(), s.servlet());
            holder.setAsyncSupported(true);
            context.addServlet(holder, s.mapping());
        }
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        }
        return new Running() {
            @Override
            public int port() {
                return connector.getLocalPort();
            }

            @Override
            public void close() {
                try {
                    server.stop();
                } catch (Exception e) {
                    throw new IllegalStateException("cannot stop Jetty", e);
                }
            }
        };
    }
}
