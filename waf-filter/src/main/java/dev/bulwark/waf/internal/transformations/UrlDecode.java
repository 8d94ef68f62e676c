package dev.bulwark.waf.internal.transformations;

/**
 * {@code t:urlDecode}: decodes {@code %xx} and {@code +} as ModSecurity does, leniently: a {@code %} not followed by
 * two hex digits is kept as is, and {@code +} becomes a space.
 *
 * <p>Example: {@code "a+b%3Cc%zz%4"} becomes {@code "a b<c%zz%4"}.
 */
final class UrlDecode implements Transformation {

    private static final long TRIGGERS = CharClasses.punctuation("%+");

    @Override
    public String name() {
        return "urlDecode";
    }

    @Override
    public long triggers() {
        return TRIGGERS;
    }

    @Override
    public String apply(String value) {
        return decode(value, false);
    }

    /** The decoding shared with {@code urlDecodeUni}, which adds {@code %uXXXX}. */
    static String decode(String value, boolean unicode) {
        int n = value.length();
        int i = 0;
        while (i < n && value.charAt(i) != '%' && value.charAt(i) != '+') {
            i++;
        }
        if (i == n) {
            return value;
        }
        char[] out = Scratch.chars(n);
        value.getChars(0, i, out, 0);
        int length = i;
        while (i < n) {
            char c = value.charAt(i);
            if (c == '+') {
                out[length++] = ' ';
                i++;
            } else if (c != '%') {
                out[length++] = c;
                i++;
            } else if (unicode && i + 1 < n && (value.charAt(i + 1) == 'u' || value.charAt(i + 1) == 'U')) {
                if (ByteStrings.isHexRun(value, i + 2, 4)) {
                    out[length++] = UnicodeEscapes.lowByte(value, i + 2);
                    i += 6;
                } else {
                    // Not a valid %uXXXX: keep "%u" and go on after it.
                    out[length++] = '%';
                    out[length++] = value.charAt(i + 1);
                    i += 2;
                }
            } else if (ByteStrings.isHexRun(value, i + 1, 2)) {
                out[length++] = ByteStrings.hexByte(value.charAt(i + 1), value.charAt(i + 2));
                i += 3;
            } else {
                out[length++] = '%';
                i++;
            }
        }
        return ByteStrings.sameOrNew(value, out, length);
    }
}
