package dev.bulwark.waf.internal.body;

import dev.bulwark.waf.testsupport.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the operator of a CRS rule (chain links included) from {@code ../shared/crs/rules} at test time, so that tests
 * can apply the rule's own regex or phrase list to what a body parser exposes. Only what these tests need: SecRule
 * directives are joined across backslash continuations and split into variables, operator and actions.
 */
final class CrsRuleText {

    /** One SecRule: its variable list, operator (e.g. {@code !@rx ...}) and raw action text. */
    record Link(String variables, String operator, String actions) {

        /** The operator argument without its {@code @name } prefix (and without a leading {@code !}). */
        String argument() {
            String op = operator.startsWith("!") ? operator.substring(1) : operator;
            int space = op.indexOf(' ');
            return space < 0 ? "" : op.substring(space + 1);
        }

        boolean negated() {
            return operator.startsWith("!");
        }
    }

    private final List<Link> links;

    private CrsRuleText(List<Link> links) {
        this.links = links;
    }

    static CrsRuleText load() throws IOException {
        Path rules = SharedData.crsDir().resolve("rules");
        List<Path> files;
        try (Stream<Path> list = Files.list(rules)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".conf")).sorted().toList();
        }
        List<Link> links = new ArrayList<>();
        for (Path file : files) {
            String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            StringBuilder directive = new StringBuilder();
            for (String line : text.split("\n", -1)) {
                if (directive.length() == 0 && line.trim().startsWith("#")) {
                    continue;
                }
                if (line.endsWith("\\")) {
                    directive.append(line, 0, line.length() - 1).append('\n');
                    continue;
                }
                directive.append(line);
                String d = directive.toString().trim();
                directive.setLength(0);
                if (d.startsWith("SecRule ")) {
                    links.add(parse(d.substring("SecRule ".length()).trim()));
                }
            }
        }
        return new CrsRuleText(links);
    }

    private static Link parse(String rest) {
        int space = rest.indexOf(' ');
        String variables = rest.substring(0, space);
        int[] end = new int[1];
        String operator = quoted(rest, rest.indexOf('"', space), end);
        String actions = quoted(rest, rest.indexOf('"', end[0] + 1), end);
        return new Link(variables, operator, actions);
    }

    /** The text of a double-quoted argument starting at {@code open}; {@code \"} stands for a quote. */
    private static String quoted(String s, int open, int[] end) {
        StringBuilder out = new StringBuilder();
        int i = open + 1;
        while (s.charAt(i) != '"') {
            if (s.charAt(i) == '\\' && s.charAt(i + 1) == '"') {
                i++;
            }
            out.append(s.charAt(i));
            i++;
        }
        end[0] = i;
        return out.toString();
    }

    /** The rule with this id followed by its chain links. */
    List<Link> chain(int id) {
        for (int i = 0; i < links.size(); i++) {
            if (links.get(i).actions().matches("(?s).*\\bid:" + id + "\\b.*")) {
                List<Link> chain = new ArrayList<>();
                chain.add(links.get(i));
                while (links.get(i).actions().matches("(?s).*\\bchain\\b.*")) {
                    chain.add(links.get(++i));
                }
                return chain;
            }
        }
        throw new IllegalArgumentException("no rule " + id);
    }
}
