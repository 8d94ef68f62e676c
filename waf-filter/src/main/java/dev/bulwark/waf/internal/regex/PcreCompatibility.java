package dev.bulwark.waf.internal.regex;

/**
 * Rewrites a pattern so that RE2 matches byte strings the way PCRE does in ModSecurity, without changing RE2's
 * guarantees:
 *
 * <ul>
 *   <li>{@code \s} (and {@code \S} outside a class) also covers the vertical tab, as in PCRE2;
 *   <li>under {@code (?i)}, a literal or escaped char above 0x7F outside a class matches only itself: PCRE's C
 *       tables fold ASCII only, while RE2 would fold Latin-1 letters ({@code \xe2} would match {@code \xc2}).
 * </ul>
 *
 * {@code \S} inside a class is kept: its only difference is the vertical tab, and CRS uses it only in {@code [\s\S]}
 * and {@code [\s/+\S]}, which match every byte either way.
 */
final class PcreCompatibility {

    private static final String SPACE_CHARS = "\\t\\n\\x0b\\f\\r ";

    private PcreCompatibility() {}

    static String rewrite(String p) {
        StringBuilder out = new StringBuilder(p.length() + 16);
        boolean inClass = false;
        boolean caseless = false;
        int n = p.length();
        for (int i = 0; i < n; i++) {
            char c = p.charAt(i);
            if (c == '\\' && i + 1 < n) {
                char e = p.charAt(i + 1);
                if (e == 'Q') {
                    // \Q...\E literal run: copy verbatim
                    int end = p.indexOf("\\E", i + 2);
                    int stop = end < 0 ? n : end + 2;
                    out.append(p, i, stop);
                    i = stop - 1;
                    continue;
                }
                if (e == 's') {
                    out.append(inClass ? SPACE_CHARS : "[" + SPACE_CHARS + "]");
                    i++;
                    continue;
                }
                if (e == 'S' && !inClass) {
                    out.append("[^" + SPACE_CHARS + "]");
                    i++;
                    continue;
                }
                if (e == 'x' && caseless && !inClass) {
                    int end = hexEscapeEnd(p, i + 2);
                    if (end > 0 && hexValue(p, i + 2, end) > 0x7f) {
                        out.append("(?-i:").append(p, i, end).append(')');
                        i = end - 1;
                        continue;
                    }
                }
                out.append(c).append(e);
                i++;
                continue;
            }
            if (inClass) {
                if (c == ']') {
                    inClass = false;
                }
                out.append(c);
                continue;
            }
            if (c == '[') {
                inClass = true;
                out.append(c);
                // a ']' right after '[' or '[^' is a literal member
                if (i + 1 < n && p.charAt(i + 1) == '^') {
                    out.append('^');
                    i++;
                }
                if (i + 1 < n && p.charAt(i + 1) == ']') {
                    out.append(']');
                    i++;
                }
                continue;
            }
            if (c == '(' && i + 2 < n && p.charAt(i + 1) == '?') {
                // track (?i) flags conservatively: once turned on anywhere, treat the rest as caseless
                int j = i + 2;
                boolean negate = false;
                while (j < n && Character.isLetter(p.charAt(j)) || j < n && p.charAt(j) == '-') {
                    char f = p.charAt(j);
                    if (f == '-') {
                        negate = true;
                    } else if (f == 'i') {
                        caseless = caseless || !negate;
                    }
                    j++;
                }
            }
            if (c > 0x7f && caseless) {
                out.append("(?-i:").append(c).append(')');
                continue;
            }
            out.append(c);
        }
        return out.toString();
    }

    /** Returns the index after a {@code \xHH} or {@code \x{H..}} escape starting at {@code from}, or -1. */
    private static int hexEscapeEnd(String p, int from) {
        if (from < p.length() && p.charAt(from) == '{') {
            int close = p.indexOf('}', from);
            return close < 0 ? -1 : close + 1;
        }
        if (from + 2 <= p.length() && isHex(p.charAt(from)) && isHex(p.charAt(from + 1))) {
            return from + 2;
        }
        return -1;
    }

    private static int hexValue(String p, int from, int end) {
        String digits = p.charAt(from) == '{' ? p.substring(from + 1, end - 1) : p.substring(from, end);
        try {
            return Integer.parseInt(digits.trim(), 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
