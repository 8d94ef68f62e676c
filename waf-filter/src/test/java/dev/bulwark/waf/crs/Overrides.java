package dev.bulwark.waf.crs;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * Bulwark's per-engine override file for the CRS regression suite, in the spirit of CRS's own
 * {@code tests/regression/*-overrides.yaml}: for behaviour that belongs to the servlet container (or to the harness's
 * transport), never to the rules. Each entry names test ids, the harnesses it applies to, a reason, and the output that
 * replaces the test's own (go-ftw semantics: the whole {@code output} is replaced; an entry without {@code output}
 * only requires the exchange to complete).
 *
 * <pre>
 * - test_ids: [920100-8]
 *   harness: [in-process, end-to-end]
 *   reason: Jetty answers 400 to ':' in the first path segment before any filter runs.
 *   output: {status: 400}
 * </pre>
 */
final class Overrides {

    record Entry(List<String> testIds, List<String> harnesses, String reason, FtwTest.Output output) {}

    private final Map<String, Entry> byTestAndHarness = new LinkedHashMap<>();

    private Overrides() {}

    @SuppressWarnings("unchecked")
    static Overrides load(String resource) throws IOException {
        Overrides o = new Overrides();
        Object root;
        try (InputStream in = Overrides.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("override file not on the test classpath: " + resource);
            }
            root = new Yaml().load(in);
        }
        if (root == null) {
            return o;
        }
        for (Object e : (List<Object>) root) {
            Map<String, Object> m = (Map<String, Object>) e;
            List<String> ids = strings(m.get("test_ids"));
            List<String> harnesses = strings(m.get("harness"));
            String reason = (String) m.get("reason");
            if (ids.isEmpty() || harnesses.isEmpty() || reason == null || reason.isBlank()) {
                throw new IOException(resource + ": every override needs test_ids, harness and a reason: " + m);
            }
            FtwTest.Output output = m.containsKey("output")
                    ? FtwSuite.output((Map<String, Object>) m.get("output")) : FtwTest.Output.NONE;
            Entry entry = new Entry(ids, harnesses, reason, output);
            for (String id : ids) {
                for (String h : harnesses) {
                    if (o.byTestAndHarness.put(id + "@" + h, entry) != null) {
                        throw new IOException(resource + ": test " + id + " overridden twice for " + h);
                    }
                }
            }
        }
        return o;
    }

    /** The override of test {@code id} for {@code harness}, or null. */
    Entry find(String id, String harness) {
        return byTestAndHarness.get(id + "@" + harness);
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        if (o instanceof List<?> l) {
            l.forEach(x -> out.add(String.valueOf(x)));
        } else if (o != null) {
            out.add(String.valueOf(o));
        }
        return out;
    }
}
