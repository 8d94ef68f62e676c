package dev.bulwark.waf.portability.ee10;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.waf.portability.HttpConnection;
import dev.bulwark.waf.portability.RawRequest;
import dev.bulwark.waf.portability.Reply;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's registration examples ("Registering the filter") work as printed: the embedded Jetty one is the code of
 * {@link ReadmeEmbeddedJetty}, and the web.xml one, inside a {@code web-app} element, protects an application in
 * Jetty's {@link WebAppContext}, which reads it as any deployment would.
 */
class ReadmeSnippetsTest {

    @Test
    void embeddedJettyExampleIsTheCompiledCode() throws IOException {
        List<String> block = readmeBlock("### In embedded Jetty 12", "java");
        int firstIndented = 0;
        while (!block.get(firstIndented).startsWith(" ")) {
            firstIndented++;
        }
        List<String> source = Files.readAllLines(sourceOf(ReadmeEmbeddedJetty.class), StandardCharsets.UTF_8);
        List<String> imports = source.stream().filter(l -> l.startsWith("import ")).toList();
        assertEquals(imports, block.subList(0, firstIndented).stream().filter(l -> !l.isBlank()).toList(),
                "README imports vs ReadmeEmbeddedJetty's");
        int begin = source.indexOf("    // README: begin");
        int end = source.indexOf("    // README: end");
        assertEquals(source.subList(begin + 1, end), block.subList(firstIndented, block.size()),
                "README code vs ReadmeEmbeddedJetty");
    }

    @Test
    void embeddedJettyExampleProtectsTheApplication() throws Exception {
        assertProtects(ReadmeEmbeddedJetty.protectedContext());
    }

    @Test
    void webXmlExampleProtectsTheApplication(@TempDir Path webapp) throws Exception {
        String registration = String.join("\n", readmeBlock("### In `web.xml`", "xml"));
        String webXml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                %s
                  <servlet>
                    <servlet-name>hello</servlet-name>
                    <servlet-class>%s</servlet-class>
                  </servlet>
                  <servlet-mapping>
                    <servlet-name>hello</servlet-name>
                    <url-pattern>/*</url-pattern>
                  </servlet-mapping>
                </web-app>
                """.formatted(registration, HelloServlet.class.getName());
        Files.createDirectories(webapp.resolve("WEB-INF"));
        Files.writeString(webapp.resolve("WEB-INF/web.xml"), webXml, StandardCharsets.UTF_8);
        WebAppContext context = new WebAppContext();
        context.setContextPath("/");
        context.setBaseResource(ResourceFactory.of(context).newResource(webapp));
        context.setParentLoaderPriority(true);
        context.setThrowUnavailableOnStartupException(true);
        assertProtects(context);
    }

    /** Serves {@code handler} on a loopback port: a benign request reaches the application, an attack gets 403. */
    private static void assertProtects(Handler handler) throws Exception {
        Server server = new Server(new InetSocketAddress("127.0.0.1", 0));
        server.setHandler(handler);
        server.start();
        try {
            int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
            Reply benign = HttpConnection.once(port, RawRequest.get("/?q=select+a+product"));
            assertEquals(200, benign.status(), benign.toString());
            assertEquals("hello", benign.text());
            Reply attack = HttpConnection.once(port, RawRequest.get("/?q=1+union+select+password"));
            assertEquals(403, attack.status(), attack.toString());
            assertNotNull(attack.incident());
            assertTrue(attack.text().contains(attack.incident()));
        } finally {
            server.stop();
        }
    }

    /** The lines of the first {@code ```language} block after the heading {@code heading} in the README. */
    private static List<String> readmeBlock(String heading, String language) throws IOException {
        List<String> readme = Files.readAllLines(projectRoot().resolve("README.md"), StandardCharsets.UTF_8);
        int at = readme.indexOf(heading);
        assertTrue(at >= 0, "README has no heading " + heading);
        while (!readme.get(at).equals("```" + language)) {
            at++;
        }
        List<String> block = new ArrayList<>();
        for (at++; !readme.get(at).equals("```"); at++) {
            block.add(readme.get(at));
        }
        return block;
    }

    private static Path sourceOf(Class<?> type) {
        return Path.of("src/test/java").resolve(type.getName().replace('.', '/') + ".java");
    }

    /** The repository root: the nearest directory up from this module holding README.md and rulesets/. */
    private static Path projectRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("rulesets"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no README.md with rulesets/ above " + Path.of("").toAbsolutePath());
    }
}
