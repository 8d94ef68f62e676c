package dev.bulwark.waf.internal.transformations;

/**
 * {@code t:removeWhitespace}: deletes every whitespace byte: C {@code isspace()} (space, tab, LF, VT, FF, CR) and the
 * non-breaking space {@code \xA0}, as in ModSecurity.
 *
 * <p>Example: {@code " Test \t\xA0Case\r\n"} becomes {@code "TestCase"}.
 */
final class RemoveWhitespace implements Transformation {

    @Override
    public String name() {
        return "removeWhitespace";
    }

    @Override
    public long triggers() {
        return CharClasses.WHITESPACE | CharClasses.HIGH;
    }

    @Override
    public String apply(String value) {
        int n = value.length();
        int i = 0;
        while (i < n && !ByteStrings.isSpaceOrNbsp(value.charAt(i))) {
            i++;
        }
        if (i == n) {
            return value;
        }
        char[] out = Scratch.chars(n - 1);
        value.getChars(0, i, out, 0);
        int length = i;
        for (i++; i < n; i++) {
            char c = value.charAt(i);
            if (!ByteStrings.isSpaceOrNbsp(c)) {
                out[length++] = c;
            }
        }
        return new String(out, 0, length);
    }
}
