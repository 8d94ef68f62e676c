package dev.bulwark.waf.internal.transformations;

/**
 * {@code t:compressWhitespace}: replaces each run of whitespace with a single space. Whitespace is C
 * {@code isspace()} (space, tab, LF, VT, FF, CR) plus the non-breaking space {@code \xA0}, as in ModSecurity.
 *
 * <p>Example: {@code "  Test \t\xA0 Case\r\n"} becomes {@code " Test Case "}.
 */
final class CompressWhitespace implements Transformation {

    @Override
    public String name() {
        return "compressWhitespace";
    }

    @Override
    public long triggers() {
        return CharClasses.WHITESPACE | CharClasses.HIGH;
    }

    @Override
    public String apply(String value) {
        int n = value.length();
        // Skip the prefix that is already compressed: single spaces between other bytes.
        int i = 0;
        boolean inSpace = false;
        while (i < n) {
            char c = value.charAt(i);
            boolean space = ByteStrings.isSpaceOrNbsp(c);
            if (space && (inSpace || c != ' ')) {
                break;
            }
            inSpace = space;
            i++;
        }
        if (i == n) {
            return value;
        }
        char[] out = Scratch.chars(n);
        value.getChars(0, i, out, 0);
        int length = i;
        for (; i < n; i++) {
            char c = value.charAt(i);
            if (ByteStrings.isSpaceOrNbsp(c)) {
                if (!inSpace) {
                    out[length++] = ' ';
                    inSpace = true;
                }
            } else {
                out[length++] = c;
                inSpace = false;
            }
        }
        return new String(out, 0, length);
    }
}
