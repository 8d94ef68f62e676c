package dev.bulwark.waf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rule package on the classpath can include its parts with relative paths and globs, from a folder or a jar. */
class ClasspathIncludeTest {

    private static final Map<String, String> PACKAGE = new TreeMap<>(Map.of(
            "pkg/main.conf", "Include base.conf\nInclude parts/*.conf\n",
            "pkg/base.conf", "SecAction \"id:1,phase:1,pass,nolog,setvar:tx.seen=0\"\n",
            "pkg/parts/10-a.conf", "SecRule ARGS \"@rx alpha\" \"id:10,phase:2,deny,status:403\"\n",
            "pkg/parts/20-b.conf", "\nSecRule ARGS \"@rx beta\" \"id:20,phase:2,deny,status:406\"\n",
            "pkg/broken.conf", "Include parts/*.conf\nSecRule ARGS \"@nosuchop x\" \"id:30,phase:2,deny\"\n"));

    @TempDir
    Path dir;

    @Test
    void includesResolveWhenPackageIsInAFolder() throws Exception {
        Path root = dir.resolve("classes");
        for (Map.Entry<String, String> e : PACKAGE.entrySet()) {
            Path f = root.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue(), StandardCharsets.ISO_8859_1);
        }
        checkPackage(root.toUri().toURL());
    }

    @Test
    void includesResolveWhenPackageIsInAJar() throws Exception {
        Path jar = dir.resolve("rules.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(out)) {
            for (Map.Entry<String, String> e : PACKAGE.entrySet()) {
                jos.putNextEntry(new JarEntry(e.getKey()));
                jos.write(e.getValue().getBytes(StandardCharsets.ISO_8859_1));
                jos.closeEntry();
            }
        }
        checkPackage(jar.toUri().toURL());
    }

    private static void checkPackage(URL classpathEntry) throws Exception {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classpathEntry}, null)) {
            Thread.currentThread().setContextClassLoader(loader);
            RuleSet rules = RuleSet.compile(WafConfig.builder().rules("classpath:pkg/main.conf").build());
            assertEquals(3, rules.size());
            assertEquals(403, status(rules, "/?q=alpha"));
            assertEquals(406, status(rules, "/?q=beta"));
            assertEquals(0, status(rules, "/?q=gamma"));

            RuleLoadException e = org.junit.jupiter.api.Assertions.assertThrows(RuleLoadException.class,
                    () -> RuleSet.compile(WafConfig.builder().rules("classpath:pkg/broken.conf").build()));
            assertEquals(1, e.errors().size(), e.getMessage());
            assertEquals("classpath:pkg/broken.conf:2", e.errors().get(0).location().toString());
            assertTrue(e.getMessage().contains("nosuchop"), e.getMessage());
        } catch (IOException e) {
            throw new AssertionError(e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private static int status(RuleSet rules, String target) {
        try (Transaction tx = rules.newTransaction()) {
            tx.requestLine("GET", target, "HTTP/1.1");
            tx.requestHeader("Host", "localhost");
            tx.processRequestHeaders();
            Verdict v = tx.processRequestBody();
            tx.processLogging();
            return v.isInterrupted() ? v.status() : 0;
        }
    }
}
