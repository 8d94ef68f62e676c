package dev.bulwark.waf.internal.transformations;

/**
 * {@code t:removeCommentsChar}: deletes the comment markers {@code /*}, {@code *}{@code /}, {@code <!--},
 * {@code -->}, {@code --} and {@code #} wherever they occur, keeping the text between them.
 *
 * <p>Example: {@code "SELECT/*x*}{@code /1#"} becomes {@code "SELECTx1"}.
 */
final class RemoveCommentsChar implements Transformation {

    @Override
    public String name() {
        return "removeCommentsChar";
    }

    @Override
    public String apply(String value) {
        int n = value.length();
        StringBuilder out = null;
        int i = 0;
        while (i < n) {
            int marker = markerLength(value, i);
            if (marker == 0) {
                if (out != null) {
                    out.append(value.charAt(i));
                }
                i++;
                continue;
            }
            if (out == null) {
                out = new StringBuilder(n);
                out.append(value, 0, i);
            }
            i += marker;
        }
        return out == null ? value : out.toString();
    }

    /** Length of the comment marker starting at {@code i}, 0 when there is none (longest marker first). */
    private static int markerLength(String s, int i) {
        char c = s.charAt(i);
        if (c == '#') {
            return 1;
        }
        if (c == '/' || c == '*') {
            return at(s, i + 1, c == '/' ? '*' : '/') ? 2 : 0;
        }
        if (c == '<') {
            return at(s, i + 1, '!') && at(s, i + 2, '-') && at(s, i + 3, '-') ? 4 : 0;
        }
        if (c == '-' && at(s, i + 1, '-')) {
            return at(s, i + 2, '>') ? 3 : 2;
        }
        return 0;
    }

    private static boolean at(String s, int i, char c) {
        return i < s.length() && s.charAt(i) == c;
    }
}
