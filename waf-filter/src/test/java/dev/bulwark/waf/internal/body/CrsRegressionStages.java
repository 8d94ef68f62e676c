package dev.bulwark.waf.internal.body;

import dev.bulwark.waf.testsupport.SharedData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The request bodies of the CRS regression suite (read in place from {@code ../shared/crs}), rebuilt the way go-ftw
 * sends them: {@code data} as UTF-8 with every LF turned into CRLF when the Content-Type contains
 * {@code multipart/form-data;}, the {@code {{ "x" | repeat N }}} template expanded, and raw {@code encoded_request}s
 * split into headers and body.
 */
final class CrsRegressionStages {

    /** One stage with a body. {@code expectIds}/{@code noExpectIds} come from its {@code output.log}. */
    record Stage(String file, int testId, String contentType, Map<String, String> headers, byte[] body,
            List<Integer> expectIds, List<Integer> noExpectIds, String matchRegex, String noMatchRegex) {

        String id() {
            return file.replaceAll("\\.ya?ml$", "") + "-" + testId;
        }

        String contentTypeLower() {
            return contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        }

        boolean hasHeader(String name) {
            return headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase(name));
        }
    }

    private CrsRegressionStages() {}

    /** All stages with a body, or skips the calling test (fails in CI) when the CRS checkout is missing. */
    static List<Stage> load() throws IOException {
        Path tests = SharedData.crsDir().resolve("tests/regression/tests");
        if (!Files.isDirectory(tests)) {
            if (SharedData.inCi()) {
                throw new IllegalStateException("CRS regression tests not found at " + tests);
            }
            Assumptions.abort("CRS regression tests not found at " + tests + " (set -Dcrs.dir)");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(tests)) {
            files = walk.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
        }
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(64 * 1024 * 1024);
        List<Stage> stages = new ArrayList<>();
        for (Path file : files) {
            Object loaded;
            try (InputStream in = Files.newInputStream(file)) {
                loaded = new Yaml(options).load(in);
            }
            if (!(loaded instanceof Map<?, ?> document) || !(document.get("tests") instanceof List<?> testList)) {
                continue;
            }
            for (Object testObject : testList) {
                Map<?, ?> test = (Map<?, ?>) testObject;
                int testId = ((Number) test.get("test_id")).intValue();
                for (Object stageObject : (List<?>) test.get("stages")) {
                    Stage stage = stage(file.getFileName().toString(), testId, (Map<?, ?>) stageObject);
                    if (stage != null) {
                        stages.add(stage);
                    }
                }
            }
        }
        return stages;
    }

    private static Stage stage(String file, int testId, Map<?, ?> stage) {
        Map<?, ?> input = (Map<?, ?>) stage.get("input");
        Map<?, ?> output = stage.get("output") instanceof Map<?, ?> o ? o : Map.of();
        Map<?, ?> log = output.get("log") instanceof Map<?, ?> l ? l : Map.of();
        Map<String, String> headers = new LinkedHashMap<>();
        byte[] body;
        if (input.get("encoded_request") instanceof String encoded) {
            byte[] raw = Base64.getMimeDecoder().decode(encoded);
            String text = new String(raw, StandardCharsets.ISO_8859_1);
            int split = text.indexOf("\r\n\r\n");
            if (split < 0) {
                return null;
            }
            String[] lines = text.substring(0, split).split("\r\n");
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon), lines[i].substring(colon + 1).trim());
                }
            }
            body = text.substring(split + 4).getBytes(StandardCharsets.ISO_8859_1);
        } else if (input.get("data") != null) {
            if (input.get("headers") instanceof Map<?, ?> map) {
                map.forEach((k, v) -> headers.put(String.valueOf(k), String.valueOf(v)));
            }
            String data = expandRepeat(String.valueOf(input.get("data")));
            String contentType = header(headers, "Content-Type");
            if (contentType != null && contentType.contains("multipart/form-data;")) {
                data = data.replace("\n", "\r\n");
            }
            body = data.getBytes(StandardCharsets.UTF_8);
        } else {
            return null;
        }
        return new Stage(file, testId, header(headers, "Content-Type"), headers, body, ids(log.get("expect_ids")),
                ids(log.get("no_expect_ids")), (String) log.get("match_regex"), (String) log.get("no_match_regex"));
    }

    private static String header(Map<String, String> headers, String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static List<Integer> ids(Object value) {
        List<Integer> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object o : list) {
                out.add(((Number) o).intValue());
            }
        }
        return out;
    }

    /** Expands go-ftw's {@code {{ "text" | repeat N }}}, the only template form the suite uses in bodies. */
    private static String expandRepeat(String data) {
        int open = data.indexOf("{{");
        while (open >= 0) {
            int close = data.indexOf("}}", open);
            if (close < 0) {
                return data;
            }
            String inner = data.substring(open + 2, close).trim();
            String[] words = inner.split("\\s+");
            if (words.length == 4 && words[0].startsWith("\"") && words[0].endsWith("\"") && words[1].equals("|")
                    && words[2].equals("repeat") && words[3].matches("\\d+")) {
                String text = words[0].substring(1, words[0].length() - 1).repeat(Integer.parseInt(words[3]));
                data = data.substring(0, open) + text + data.substring(close + 2);
                open = data.indexOf("{{", open + text.length());
            } else {
                open = data.indexOf("{{", close);
            }
        }
        return data;
    }
}
