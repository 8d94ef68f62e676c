package dev.bulwark.waf.crs;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Reads the CRS regression tests ({@code tests/regression/tests/**.y*ml}, go-ftw's glob) into {@link FtwTest}s.
 * Strings are turned into bytes as go-ftw sends them: UTF-8.
 */
final class FtwSuite {

    /** go-ftw renders {@code data} as a Go template; the suite uses only {@code {{ "s" | repeat N }}}. */
    private static final Pattern REPEAT = Pattern.compile("\\{\\{\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*\\|\\s*repeat\\s+(\\d+)\\s*}}");

    private FtwSuite() {}

    static List<FtwTest> load(Path testsDir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(testsDir)) {
            files = s.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
        }
        List<FtwTest> tests = new ArrayList<>();
        for (Path f : files) {
            tests.addAll(loadFile(testsDir, f));
        }
        return tests;
    }

    @SuppressWarnings("unchecked")
    static List<FtwTest> loadFile(Path testsDir, Path file) throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(64 * 1024 * 1024);
        Object root;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = new Yaml(options).load(r);
        }
        List<FtwTest> out = new ArrayList<>();
        if (!(root instanceof Map<?, ?> doc) || doc.get("tests") == null) {
            return out;
        }
        String ruleId = String.valueOf(doc.get("rule_id"));
        String rel = testsDir.relativize(file).toString();
        for (Object t : (List<Object>) doc.get("tests")) {
            Map<String, Object> test = (Map<String, Object>) t;
            String id = ruleId + "-" + test.get("test_id");
            List<FtwTest.Stage> stages = new ArrayList<>();
            for (Object s : (List<Object>) test.get("stages")) {
                Map<String, Object> stage = (Map<String, Object>) s;
                // go-ftw v1 nested stages under "stage:"; v2 files have input/output directly
                if (stage.containsKey("stage")) {
                    stage = (Map<String, Object>) stage.get("stage");
                }
                stages.add(new FtwTest.Stage(input((Map<String, Object>) stage.get("input")),
                        output((Map<String, Object>) stage.get("output"))));
            }
            out.add(new FtwTest(rel, ruleId, id, stages));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static FtwTest.Input input(Map<String, Object> in) {
        Map<String, String> headers = new LinkedHashMap<>();
        Object h = in.get("headers");
        if (h instanceof Map<?, ?> m) {
            m.forEach((k, v) -> headers.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        }
        byte[] data = null;
        if (in.get("data") != null) {
            data = utf8(renderTemplate(String.valueOf(in.get("data"))));
        }
        byte[] encoded = null;
        if (in.get("encoded_request") != null) {
            encoded = Base64.getMimeDecoder().decode(String.valueOf(in.get("encoded_request")));
        }
        Object auto = in.get("autocomplete_headers");
        boolean autocomplete = auto == null ? !Boolean.TRUE.equals(in.get("stop_magic")) : (Boolean) auto;
        return new FtwTest.Input(str(in.get("method"), "GET"), str(in.get("uri"), "/"),
                str(in.get("version"), "HTTP/1.1"), headers, data, autocomplete, encoded);
    }

    @SuppressWarnings("unchecked")
    static FtwTest.Output output(Map<String, Object> out) {
        if (out == null) {
            return FtwTest.Output.NONE;
        }
        Map<String, Object> log = out.get("log") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        Integer status = out.get("status") == null ? null : ((Number) out.get("status")).intValue();
        return new FtwTest.Output(status, ids(log.get("expect_ids")), ids(log.get("no_expect_ids")),
                (String) log.get("match_regex"), (String) log.get("no_match_regex"),
                Boolean.TRUE.equals(out.get("expect_error")), Boolean.TRUE.equals(out.get("retry_once")));
    }

    private static List<String> ids(Object o) {
        List<String> ids = new ArrayList<>();
        if (o instanceof List<?> l) {
            l.forEach(x -> ids.add(String.valueOf(x)));
        }
        return ids;
    }

    /** Renders the template forms the suite uses; anything else is an error, never sent half-rendered. */
    static String renderTemplate(String data) {
        if (!data.contains("{{")) {
            return data;
        }
        Matcher m = REPEAT.matcher(data);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String unit = m.group(1).replace("\\\"", "\"").replace("\\\\", "\\");
            m.appendReplacement(b, Matcher.quoteReplacement(unit.repeat(Integer.parseInt(m.group(2)))));
        }
        m.appendTail(b);
        if (b.indexOf("{{") >= 0) {
            throw new IllegalArgumentException("unsupported Go template in test data: " + data);
        }
        return b.toString();
    }

    private static String str(Object o, String dflt) {
        return o == null ? dflt : String.valueOf(o);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
