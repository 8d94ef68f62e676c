package dev.bulwark.waf.internal.transformations;

/**
 * {@code t:urlEncode}: URL-encodes the value as ModSecurity does: ASCII letters, digits and {@code *} stay, a space
 * becomes {@code +}, every other byte becomes {@code %xx} with lower-case hex digits.
 *
 * <p>Example: {@code "a b-c\xFF"} becomes {@code "a+b%2dc%ff"}.
 */
final class UrlEncode implements Transformation {

    @Override
    public String name() {
        return "urlEncode";
    }

    @Override
    public String apply(String value) {
        int n = value.length();
        int i = 0;
        while (i < n && keeps(value.charAt(i))) {
            i++;
        }
        if (i == n) {
            return value;
        }
        StringBuilder out = new StringBuilder(n + 16);
        out.append(value, 0, i);
        for (; i < n; i++) {
            char c = value.charAt(i);
            if (keeps(c)) {
                out.append(c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%')
                        .append(ByteStrings.HEX_DIGITS.charAt(c >> 4))
                        .append(ByteStrings.HEX_DIGITS.charAt(c & 0xF));
            }
        }
        return out.toString();
    }

    private static boolean keeps(char c) {
        return c == '*' || ByteStrings.isAlnum(c);
    }
}
