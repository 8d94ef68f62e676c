package dev.bulwark.waf.portability.ee10;

import dev.bulwark.waf.RuleLoadException;
import dev.bulwark.waf.RuleSet;
import dev.bulwark.waf.WafConfig;
import dev.bulwark.waf.WafFilter;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;

/**
 * The README's embedded Jetty example, compiled: between the markers is the README's code, line for line (its imports
 * are this file's), which {@link ReadmeSnippetsTest} checks and runs.
 */
final class ReadmeEmbeddedJetty {

    private ReadmeEmbeddedJetty() {}

    // README: begin
    /** The application's context, behind the firewall. */
    static ServletContextHandler protectedContext() throws RuleLoadException {
        RuleSet rules = RuleSet.compile(WafConfig.builder()
                .rules("classpath:bulwark/bulwark.conf")
                .build());
        FilterHolder bulwark = new FilterHolder(new WafFilter(rules));
        bulwark.setName("bulwark");
        bulwark.setAsyncSupported(true);

        ServletContextHandler context = new ServletContextHandler("/");
        context.addFilter(bulwark, "/*", EnumSet.of(DispatcherType.REQUEST)); // first: runs before other filters
        context.addServlet(HelloServlet.class, "/*"); // the application
        return context;
    }

    public static void main(String[] args) throws Exception {
        Server server = new Server(8080);
        server.setHandler(protectedContext());
        server.start();
        server.join();
    }
    // README: end
}
