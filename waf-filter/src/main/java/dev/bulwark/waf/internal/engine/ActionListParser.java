package dev.bulwark.waf.internal.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a SecLang action list ({@code id:1,phase:2,msg:'a, b',t:none}) into name/argument pairs, as ModSecurity
 * does: commas separate actions except inside single quotes; inside quotes a backslash escapes the next char.
 */
final class ActionListParser {

    record ParsedAction(String name, String argument) {}

    private ActionListParser() {}

    static List<ParsedAction> parse(String text) {
        List<ParsedAction> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && (isBlank(text.charAt(i)) || text.charAt(i) == ',')) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int nameStart = i;
            while (i < n && text.charAt(i) != ':' && text.charAt(i) != ',') {
                i++;
            }
            String name = text.substring(nameStart, i).trim();
            String argument = null;
            if (i < n && text.charAt(i) == ':') {
                i++;
                while (i < n && isBlank(text.charAt(i))) {
                    i++;
                }
                StringBuilder v = new StringBuilder();
                if (i < n && text.charAt(i) == '\'') {
                    i++;
                    boolean closed = false;
                    while (i < n) {
                        char c = text.charAt(i);
                        if (c == '\\' && i + 1 < n) {
                            v.append(text.charAt(i + 1));
                            i += 2;
                            continue;
                        }
                        if (c == '\'') {
                            closed = true;
                            i++;
                            break;
                        }
                        v.append(c);
                        i++;
                    }
                    if (!closed) {
                        throw new IllegalArgumentException("action '" + name + "': missing closing quote");
                    }
                    while (i < n && isBlank(text.charAt(i))) {
                        i++;
                    }
                    if (i < n && text.charAt(i) != ',') {
                        throw new IllegalArgumentException(
                                "action '" + name + "': unexpected text after closing quote");
                    }
                    argument = v.toString();
                } else {
                    int start = i;
                    while (i < n && text.charAt(i) != ',') {
                        i++;
                    }
                    argument = text.substring(start, i).trim();
                }
            }
            if (name.isEmpty()) {
                throw new IllegalArgumentException("empty action name in '" + text + "'");
            }
            out.add(new ParsedAction(name, argument));
        }
        return out;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }
}
