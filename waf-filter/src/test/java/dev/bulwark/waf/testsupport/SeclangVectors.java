package dev.bulwark.waf.testsupport;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads ModSecurity's operator and transformation vectors ({@code ../shared/seclang-tests}) into byte strings, one
 * char per byte, the way libmodsecurity's own test harness (which maintains these files) reads them: JSON text is
 * UTF-8, so a character from U+0080 up (written {@code \}{@code u00e9} in the file, or literally) stands for its
 * UTF-8 bytes; then, in the decoded text, {@code \xNN} stands for the byte NN and {@code \}{@code uNNNN} (a
 * backslash written twice in the file) for the byte of its low two digits, e.g. {@code Test\}{@code u0000Case} has
 * nine bytes. The transformation vectors depend on all three rules (for instance {@code urlEncode} of
 * {@code \}{@code u00c0} must give {@code %c3%80}).
 */
public final class SeclangVectors {

    /**
     * One vector: {@code param} is null for transformations, {@code output} null for operators; {@code groups} holds
     * the expected regex captures ({@code re_groups}, in the {@code @rx}/{@code @rxGlobal} files), else null.
     */
    public record Vector(String file, int index, String type, String name, String param, String input,
            String output, int ret, List<String> groups) {}

    private SeclangVectors() {}

    /** The directory of one kind ("operators" or "transformations"), or a skipped test/failure when absent. */
    public static Path directory(String kind) {
        Path dir = SharedData.seclangTestsDir().resolve(kind);
        if (!Files.isDirectory(dir)) {
            String why = "SecLang test vectors not found at " + dir
                    + " (set -Dseclang.tests.dir or SECLANG_TESTS_DIR)";
            if (SharedData.inCi()) {
                fail(why);
            }
            assumeTrue(false, why);
        }
        return dir;
    }

    /** Every vector of every {@code *.json} file in {@code kind}, in file-name order. */
    public static List<Vector> load(String kind) throws IOException {
        Path dir = directory(kind);
        List<Vector> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                all.addAll(loadFile(f));
            }
        }
        return all;
    }

    public static List<Vector> loadFile(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Object root = new MiniJson(text).value();
        List<Vector> vectors = new ArrayList<>();
        int i = 0;
        for (Object o : (List<?>) root) {
            Map<?, ?> m = (Map<?, ?>) o;
            vectors.add(new Vector(file.getFileName().toString(), i++, str(m.get("type")), str(m.get("name")),
                    bytes(m.get("param")), bytes(m.get("input")), bytes(m.get("output")),
                    ((Number) m.get("ret")).intValue(), groups(m.get("re_groups"))));
        }
        return vectors;
    }

    private static List<String> groups(Object o) {
        if (o == null) {
            return null;
        }
        List<String> groups = new ArrayList<>();
        for (Object g : (List<?>) o) {
            groups.add(bytes(g));
        }
        return List.copyOf(groups);
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    /**
     * A JSON string value as a byte string: its UTF-8 bytes, in which {@code \xNN} and {@code \}{@code uNNNN} then
     * stand for one byte each (see the class comment).
     */
    static String bytes(Object o) {
        if (o == null) {
            return null;
        }
        String s = new String(o.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.charAt(i + 1) == 'x' && isHex(s, i + 2, 2)) {
                b.append((char) Integer.parseInt(s.substring(i + 2, i + 4), 16));
                i += 3;
            } else if (c == '\\' && i + 5 < s.length() && s.charAt(i + 1) == 'u' && isHex(s, i + 2, 4)) {
                b.append((char) (Integer.parseInt(s.substring(i + 2, i + 6), 16) & 0xFF));
                i += 5;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isHex(String s, int from, int count) {
        for (int i = from; i < from + count; i++) {
            if (!isHex(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** A minimal JSON reader for the vector files (objects, arrays, strings, numbers, literals). */
    private static final class MiniJson {
        private final String s;
        private int pos;

        MiniJson(String s) {
            this.s = s;
        }

        Object value() {
            ws();
            char c = s.charAt(pos);
            switch (c) {
                case '{':
                    return object();
                case '[':
                    return array();
                case '"':
                    return string();
                case 't':
                    pos += 4;
                    return Boolean.TRUE;
                case 'f':
                    pos += 5;
                    return Boolean.FALSE;
                case 'n':
                    pos += 4;
                    return null;
                default:
                    return number();
            }
        }

        private Map<String, Object> object() {
            Map<String, Object> m = new LinkedHashMap<>();
            pos++;
            ws();
            if (s.charAt(pos) == '}') {
                pos++;
                return m;
            }
            while (true) {
                ws();
                String k = string();
                ws();
                expect(':');
                m.put(k, value());
                ws();
                if (s.charAt(pos) == ',') {
                    pos++;
                    continue;
                }
                expect('}');
                return m;
            }
        }

        private List<Object> array() {
            List<Object> l = new ArrayList<>();
            pos++;
            ws();
            if (s.charAt(pos) == ']') {
                pos++;
                return l;
            }
            while (true) {
                l.add(value());
                ws();
                if (s.charAt(pos) == ',') {
                    pos++;
                    continue;
                }
                expect(']');
                return l;
            }
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                char c = s.charAt(pos++);
                if (c == '"') {
                    return b.toString();
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                char e = s.charAt(pos++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        pos += 4;
                    }
                    default -> b.append(e);
                }
            }
        }

        private Number number() {
            int start = pos;
            while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
            String t = s.substring(start, pos);
            if (t.contains(".") || t.contains("e") || t.contains("E")) {
                return Double.parseDouble(t);
            }
            return Long.parseLong(t);
        }

        private void ws() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private void expect(char c) {
            if (s.charAt(pos) != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + pos);
            }
            pos++;
        }
    }
}
