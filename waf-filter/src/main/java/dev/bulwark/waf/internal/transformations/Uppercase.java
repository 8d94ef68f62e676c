package dev.bulwark.waf.internal.transformations;

/**
 * {@code t:uppercase}: raises ASCII letters only, byte by byte, as C {@code toupper()} does in the "C" locale (a
 * libmodsecurity v3 addition; ModSecurity v2 has only {@code lowercase}).
 *
 * <p>Example: {@code "SeLeCt \xE9"} becomes {@code "SELECT \xE9"}.
 */
final class Uppercase implements Transformation {

    @Override
    public String name() {
        return "uppercase";
    }

    @Override
    public long triggers() {
        return CharClasses.LOWER;
    }

    @Override
    public long caseTriggers() {
        return CharClasses.LOWER;
    }

    @Override
    public String apply(String value) {
        int n = value.length();
        int i = 0;
        while (i < n && !isLowerAscii(value.charAt(i))) {
            i++;
        }
        if (i == n) {
            return value;
        }
        char[] out = value.toCharArray();
        for (; i < n; i++) {
            if (isLowerAscii(out[i])) {
                out[i] = (char) (out[i] - 32);
            }
        }
        return new String(out);
    }

    private static boolean isLowerAscii(char c) {
        return c >= 'a' && c <= 'z';
    }
}
