package dev.bulwark.waf.internal.transformations;

/**
 * {@code t:lowercase}: lowers ASCII letters only, byte by byte, as C {@code tolower()} does in the "C" locale.
 * Latin-1 letters such as {@code \xC9} are left alone (unlike {@link String#toLowerCase()}).
 *
 * <p>Example: {@code "SeLeCt \xC9"} becomes {@code "select \xC9"}.
 */
final class Lowercase implements Transformation {

    @Override
    public String name() {
        return "lowercase";
    }

    @Override
    public long triggers() {
        return CharClasses.UPPER;
    }

    @Override
    public long caseTriggers() {
        return CharClasses.UPPER;
    }

    @Override
    public String apply(String value) {
        int n = value.length();
        int i = 0;
        while (i < n) {
            char c = value.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                break;
            }
            i++;
        }
        if (i == n) {
            return value;
        }
        char[] out = Scratch.chars(n);
        value.getChars(0, n, out, 0);
        for (; i < n; i++) {
            char c = out[i];
            if (c >= 'A' && c <= 'Z') {
                out[i] = (char) (c + 32);
            }
        }
        return new String(out, 0, n);
    }
}
