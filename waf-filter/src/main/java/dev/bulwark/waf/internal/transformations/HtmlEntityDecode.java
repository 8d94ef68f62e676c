package dev.bulwark.waf.internal.transformations;

/**
 * {@code t:htmlEntityDecode}: decodes HTML character references as ModSecurity does, one byte per reference:
 * <ul>
 *   <li>{@code &#xHH..;} and {@code &#DD..;}: the low byte of the number (a number too large for a C {@code long}
 *       gives 0xFF, as {@code strtol} saturates);</li>
 *   <li>the named entities {@code &quot; &amp; &lt; &gt; &nbsp;} (any case; {@code &nbsp;} is {@code \xA0}); other
 *       names are left alone;</li>
 *   <li>the terminating {@code ;} is optional and consumed when present.</li>
 * </ul>
 *
 * <p>Example: {@code "&lt;&#x73;cript&GT&#62"} becomes {@code "<script>>"}.
 */
final class HtmlEntityDecode implements Transformation {

    private static final long TRIGGERS = CharClasses.punctuation("&");

    @Override
    public String name() {
        return "htmlEntityDecode";
    }

    @Override
    public long triggers() {
        return TRIGGERS;
    }

    @Override
    public String apply(String value) {
        int n = value.length();
        int i = value.indexOf('&');
        if (i < 0) {
            return value;
        }
        char[] out = Scratch.chars(n);
        value.getChars(0, i, out, 0);
        int length = i;
        while (i < n) {
            char c = value.charAt(i);
            if (c != '&' || i + 1 == n) {
                out[length++] = c;
                i++;
                continue;
            }
            int j = i + 1;
            if (value.charAt(j) == '#') {
                boolean hex = j + 1 < n && (value.charAt(j + 1) == 'x' || value.charAt(j + 1) == 'X');
                int start = hex ? j + 2 : j + 1;
                int end = start;
                while (end < n && (hex ? ByteStrings.isHexDigit(value.charAt(end))
                        : ByteStrings.isDigit(value.charAt(end)))) {
                    end++;
                }
                if (end > start) {
                    out[length++] = (char) (saturatingParse(value, start, end, hex ? 16 : 10) & 0xFF);
                    i = skipSemicolon(value, end);
                } else {
                    // "&#" or "&#x" without digits: copy it and go on after it.
                    int copy = Math.min(start, n) - i;
                    value.getChars(i, i + copy, out, length);
                    length += copy;
                    i += copy;
                }
                continue;
            }
            int end = j;
            while (end < n && ByteStrings.isAlnum(value.charAt(end))) {
                end++;
            }
            char named = end > j ? named(value, j, end) : 0;
            if (named != 0) {
                out[length++] = named;
                i = skipSemicolon(value, end);
            } else {
                // Unknown name (or none): copy the '&' and the name, then go on after them.
                value.getChars(i, end, out, length);
                length += end - i;
                i = end;
            }
        }
        return ByteStrings.sameOrNew(value, out, length);
    }

    private static int skipSemicolon(String value, int i) {
        return i < value.length() && value.charAt(i) == ';' ? i + 1 : i;
    }

    /** The byte of a known entity name in {@code s[from..to)}, or 0. */
    private static char named(String s, int from, int to) {
        return switch (to - from) {
            case 2 -> s.regionMatches(true, from, "lt", 0, 2) ? '<' : s.regionMatches(true, from, "gt", 0, 2) ? '>' : 0;
            case 3 -> s.regionMatches(true, from, "amp", 0, 3) ? '&' : 0;
            case 4 -> s.regionMatches(true, from, "quot", 0, 4) ? '"'
                    : s.regionMatches(true, from, "nbsp", 0, 4) ? ByteStrings.NBSP : 0;
            default -> 0;
        };
    }

    /** {@code strtol} of the digits {@code s[from..to)}: the value, or {@code Long.MAX_VALUE} when it overflows. */
    private static long saturatingParse(String s, int from, int to, int radix) {
        long v = 0;
        for (int k = from; k < to; k++) {
            int d = ByteStrings.hexValue(s.charAt(k));
            if (v > (Long.MAX_VALUE - d) / radix) {
                return Long.MAX_VALUE;
            }
            v = v * radix + d;
        }
        return v;
    }
}
