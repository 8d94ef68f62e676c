package dev.bulwark.waf.internal.regex;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Test helper: byte strings taken from the CRS regression tests ({@code tests/regression/tests/**}{@code /*.y*ml}):
 * every stage's URI, header values, body data and raw {@code encoded_request}, each also URL-decoded and
 * ASCII-lowercased. Text from YAML is turned into bytes as UTF-8 (what go-ftw sends) and then into a byte string
 * (one char per byte).
 */
public final class CrsTestCorpus {

    private CrsTestCorpus() {}

    /** Distinct strings in a stable order (files sorted by path, then document order). */
    public static List<String> load(Path testsDir) throws IOException {
        Set<String> raw = new LinkedHashSet<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(testsDir)) {
            files = walk.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
        }
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(64 * 1024 * 1024);
        for (Path file : files) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                for (Object doc : new Yaml(options).loadAll(reader)) {
                    collect(doc, raw);
                }
            }
        }
        Set<String> all = new LinkedHashSet<>();
        for (String s : raw) {
            all.add(s);
            String decoded = urlDecode(s);
            all.add(decoded);
            all.add(asciiLowercase(s));
            all.add(asciiLowercase(decoded));
        }
        return new ArrayList<>(all);
    }

    /** Walks the YAML tree; every map with an {@code input} map is a stage input. */
    private static void collect(Object node, Set<String> out) {
        if (node instanceof Map<?, ?> map) {
            if (map.get("input") instanceof Map<?, ?> input) {
                addInput(input, out);
            }
            for (Object v : map.values()) {
                collect(v, out);
            }
        } else if (node instanceof Collection<?> list) {
            for (Object v : list) {
                collect(v, out);
            }
        }
    }

    private static void addInput(Map<?, ?> input, Set<String> out) {
        addText(input.get("uri"), out);
        if (input.get("headers") instanceof Map<?, ?> headers) {
            for (Object v : headers.values()) {
                addText(v, out);
            }
        }
        Object data = input.get("data");
        if (data instanceof Collection<?> lines) {
            List<String> parts = new ArrayList<>();
            for (Object line : lines) {
                parts.add(String.valueOf(line));
            }
            addText(String.join("\r\n", parts), out);
        } else {
            addText(data, out);
        }
        if (input.get("encoded_request") instanceof String encoded) {
            try {
                out.add(new String(Base64.getMimeDecoder().decode(encoded), StandardCharsets.ISO_8859_1));
            } catch (IllegalArgumentException e) {
                // not base64: ignore
            }
        }
    }

    private static void addText(Object value, Set<String> out) {
        if (value == null) {
            return;
        }
        out.add(new String(String.valueOf(value).getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
    }

    /** {@code %XX} to the byte, {@code +} to a space; malformed escapes stay as they are. */
    static String urlDecode(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                sb.append(' ');
            } else if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                sb.append((char) (hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2))));
                i += 2;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static int hex(char c) {
        return c < 128 ? Character.digit(c, 16) : -1;
    }

    static String asciiLowercase(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return sb.toString();
    }
}
