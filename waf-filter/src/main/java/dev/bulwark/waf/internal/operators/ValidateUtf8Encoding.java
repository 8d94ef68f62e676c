package dev.bulwark.waf.internal.operators;

/**
 * {@code @validateUtf8Encoding}: matches when the value (a byte string) is not well-formed UTF-8 as RFC 3629 defines
 * it: a byte that cannot start a character, a sequence cut short or with a non-continuation byte, an overlong form
 * (such as {@code C0 AF} for {@code /}), a UTF-16 surrogate (U+D800..U+DFFF) or a code point above U+10FFFF. Any
 * argument is ignored.
 *
 * <p>ModSecurity v2 checks the same things except code points U+110000..U+13FFFF written with a lead byte of
 * {@code F4}, which it lets through; Bulwark reports them too.
 *
 * <p>Example: {@code SecRule ARGS "@validateUtf8Encoding" "id:1,deny"}.
 */
final class ValidateUtf8Encoding implements Operator {

    static final ValidateUtf8Encoding INSTANCE = new ValidateUtf8Encoding();

    private ValidateUtf8Encoding() {}

    @Override
    public boolean matches(OperatorContext context, String value) {
        return !isWellFormed(value);
    }

    static boolean isWellFormed(String s) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            int lead = s.charAt(i);
            if (lead < 0x80) {
                i++;
                continue;
            }
            int length;
            int minimum;
            int codePoint;
            if (lead >= 0xc2 && lead <= 0xdf) {
                length = 2;
                minimum = 0x80;
                codePoint = lead & 0x1f;
            } else if (lead >= 0xe0 && lead <= 0xef) {
                length = 3;
                minimum = 0x800;
                codePoint = lead & 0x0f;
            } else if (lead >= 0xf0 && lead <= 0xf4) {
                length = 4;
                minimum = 0x10000;
                codePoint = lead & 0x07;
            } else {
                // continuation byte, C0/C1 (always overlong), F5..FF (beyond U+10FFFF), or not a byte at all
                return false;
            }
            if (i + length > n) {
                return false;
            }
            for (int k = 1; k < length; k++) {
                int next = s.charAt(i + k);
                if ((next & 0xc0) != 0x80 || next > 0xff) {
                    return false;
                }
                codePoint = (codePoint << 6) | (next & 0x3f);
            }
            if (codePoint < minimum || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) {
                return false;
            }
            i += length;
        }
        return true;
    }

    @Override
    public String toString() {
        return "@validateUtf8Encoding";
    }

    @Override
    public boolean valueDetermined() {
        return true;
    }
}
