package dev.bulwark.waf.internal.regex;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Test helper: the {@code @rx} / {@code !@rx} operator arguments of the CRS rule files, read with a deliberately small
 * SecLang reader (comment lines skipped, {@code \}-continued lines joined, double-quoted tokens with {@code \"} and
 * {@code \\} unescaped as Apache does). Not the engine's parser: only enough to get the patterns.
 */
public final class CrsRxPatterns {

    /** One {@code @rx} argument; {@code ruleId} is the chain head's id plus {@code .cN} for chain links. */
    public record RxPattern(String ruleId, String file, String pattern) {

        /** {@link RequiredLiterals} of the pattern as the fast path compiles it (after the PCRE rewrite). */
        Set<String> requiredLiterals() throws RegexSyntaxException, UnsupportedPatternException {
            return RequiredLiterals.of(RegexParser.parse(PcreCompatibility.rewrite(pattern)));
        }
    }

    private static final Pattern ID = Pattern.compile("(?:^|[,\"'\\s])id:'?(\\d+)");

    private CrsRxPatterns() {}

    static List<RxPattern> load(Path rulesDir) throws IOException {
        return load(rulesDir, "@rx");
    }

    /** The arguments of every use of {@code operator} (e.g. {@code @pm}) in the rule files, negated ones included. */
    public static List<RxPattern> load(Path rulesDir, String operator) throws IOException {
        List<RxPattern> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(rulesDir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".conf")).sorted().toList()) {
                all.addAll(loadFile(f, operator + " "));
            }
        }
        return all;
    }

    private static List<RxPattern> loadFile(Path file, String operatorPrefix) throws IOException {
        List<RxPattern> out = new ArrayList<>();
        String headId = "?";
        int chainIndex = 0;
        boolean previousChains = false;
        for (String directive : directives(Files.readString(file, StandardCharsets.ISO_8859_1))) {
            List<String> tokens = tokens(directive);
            if (tokens.isEmpty() || !tokens.get(0).equals("SecRule") || tokens.size() < 3) {
                continue;
            }
            String actions = tokens.size() > 3 ? tokens.get(3) : "";
            String ruleId;
            if (previousChains) {
                chainIndex++;
                ruleId = headId + ".c" + chainIndex;
            } else {
                Matcher m = ID.matcher(actions);
                headId = m.find() ? m.group(1) : "?";
                chainIndex = 0;
                ruleId = headId;
            }
            previousChains = actions.matches("(?s).*(?:^|,)\\s*chain\\s*(?:,.*|$)");
            String operator = tokens.get(2);
            String rest = operator.startsWith("!") ? operator.substring(1) : operator;
            if (rest.startsWith(operatorPrefix)) {
                out.add(new RxPattern(ruleId, file.getFileName().toString(),
                        rest.substring(operatorPrefix.length()).stripLeading()));
            }
        }
        return out;
    }

    /** The directives of a config file: comments dropped, continuation lines joined. */
    private static List<String> directives(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\r?\n", -1)) {
            if (current.length() == 0 && line.stripLeading().startsWith("#")) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1);
                continue;
            }
            current.append(line);
            if (!current.toString().isBlank()) {
                out.add(current.toString());
            }
            current.setLength(0);
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString());
        }
        return out;
    }

    /** Whitespace-separated tokens; a double-quoted token may contain spaces and {@code \"}. */
    private static List<String> tokens(String directive) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = directive.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(directive.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            StringBuilder token = new StringBuilder();
            if (directive.charAt(i) == '"') {
                i++;
                while (i < n && directive.charAt(i) != '"') {
                    char c = directive.charAt(i);
                    if (c == '\\' && i + 1 < n && (directive.charAt(i + 1) == '"' || directive.charAt(i + 1) == '\\')) {
                        token.append(directive.charAt(i + 1));
                        i += 2;
                    } else {
                        token.append(c);
                        i++;
                    }
                }
                i++; // closing quote
            } else {
                while (i < n && !Character.isWhitespace(directive.charAt(i))) {
                    token.append(directive.charAt(i++));
                }
            }
            out.add(token.toString());
        }
        return out;
    }
}
