package dev.bulwark.waf.internal.transformations;

/**
 * {@code t:phpArgsNames} (libmodsecurity v3): rewrites an argument name the way PHP registers it in
 * {@code $_GET}/{@code $_POST}, so that rules see the name the application will see:
 * <ul>
 *   <li>a name starting with {@code [} or {@code =} becomes empty; leading spaces are dropped;</li>
 *   <li>before the first {@code [}, spaces and dots become {@code _};</li>
 *   <li>a {@code [} with no {@code ]} after it becomes {@code _}, and the rest is kept as is;</li>
 *   <li>otherwise the name ends with its bracketed parts: each {@code [...]} is kept ({@code [ ]} becomes
 *       {@code []}) as long as the next one follows immediately; anything after the last one is dropped.</li>
 * </ul>
 * As in libmodsecurity, the search for {@code ]} does not look past a NUL byte.
 *
 * <p>Example: {@code "sc ript._[a[_xss]"} becomes {@code "sc_ript__[a[_xss]"}; {@code "a_[b][ ]c"} becomes
 * {@code "a_[b][]"}.
 */
final class PhpArgsNames implements Transformation {

    @Override
    public String name() {
        return "phpArgsNames";
    }

    @Override
    public String apply(String value) {
        int n = value.length();
        if (n > 0 && (value.charAt(0) == '[' || value.charAt(0) == '=')) {
            return "";
        }
        StringBuilder out = new StringBuilder(n);
        int i = 0;
        while (i < n && value.charAt(i) == ' ') {
            i++;
        }
        boolean openBracket = false;
        boolean array = false;
        for (; i < n; i++) {
            char c = value.charAt(i);
            if (c == '[' && !openBracket) {
                if (closingBracket(value, i) >= 0) {
                    array = true;
                    break;
                }
                out.append('_');
                openBracket = true;
            } else if (!openBracket && (c == ' ' || c == '.')) {
                out.append('_');
            } else {
                out.append(c);
            }
        }
        // i is at a '[' that has a matching ']': keep bracketed parts while they follow one another.
        while (array) {
            int close = closingBracket(value, i);
            if (close < 0) {
                break;
            }
            if (close - i == 2 && value.charAt(i + 1) == ' ') {
                out.append("[]");
            } else {
                out.append(value, i, close + 1);
            }
            i = close + 1;
            array = i < n && value.charAt(i) == '[';
        }
        return ByteStrings.sameOrNew(value, out);
    }

    /** Index of the first {@code ]} at or after {@code from} and before any NUL byte, or -1. */
    private static int closingBracket(String s, int from) {
        for (int k = from; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == ']') {
                return k;
            }
            if (c == '\0') {
                return -1;
            }
        }
        return -1;
    }
}
