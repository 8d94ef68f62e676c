package dev.bulwark.waf.internal.transformations;

/**
 * {@code t:sqlHexDecode}: decodes SQL hex literals ({@code 0x} followed by hex digit pairs) in place, as
 * ModSecurity does, quirks included: {@code 0x} not followed by two hex digits is kept; the byte right after a
 * decoded run is copied without being examined (so {@code 0x410x42} gives {@code A0x42}); and the result ends at its
 * first NUL byte, whether it came from the input or from a decoded {@code 00} pair.
 *
 * <p>Example: {@code "SELECT 0x414243"} becomes {@code "SELECT ABC"}.
 */
final class SqlHexDecode implements Transformation {

    @Override
    public String name() {
        return "sqlHexDecode";
    }

    @Override
    public long triggers() {
        return CharClasses.DIGIT | CharClasses.NUL;
    }

    @Override
    public String apply(String value) {
        int n = value.length();
        char[] out = new char[n];
        int length = 0;
        int i = 0;
        while (i < n && value.charAt(i) != '\0') {
            if (value.charAt(i) == '0' && i + 1 < n && ByteStrings.toLower(value.charAt(i + 1)) == 'x'
                    && ByteStrings.isHexRun(value, i + 2, 2)) {
                i += 2;
                while (ByteStrings.isHexRun(value, i, 2)) {
                    out[length++] = ByteStrings.hexByte(value.charAt(i), value.charAt(i + 1));
                    i += 2;
                }
                if (i == n) {
                    break;
                }
            }
            out[length++] = value.charAt(i++);
        }
        int nul = 0;
        while (nul < length && out[nul] != '\0') {
            nul++;
        }
        return ByteStrings.sameOrNew(value, out, nul);
    }
}
