package dev.bulwark.waf.internal.transformations;

/**
 * {@code t:utf8toUnicode}: reads the bytes as UTF-8 and writes each multi-byte sequence as {@code %uHHHH} text (lower
 * case hex, at least four digits), leaving ASCII as it is, so that a following {@code t:urlDecodeUni} maps
 * full-width and other non-ASCII forms to one byte each. This follows ModSecurity v2 byte for byte, including how it
 * treats malformed input:
 * <ul>
 *   <li>a lead byte whose continuation bytes are missing or wrong is dropped (its would-be continuation bytes are
 *       then read on their own);</li>
 *   <li>a stray continuation byte, or a byte 0xF8..0xFF, is kept as is;</li>
 *   <li>a lead byte 0xF5..0xF7 is kept, then its sequence decoded as usual;</li>
 *   <li>an overlong form or a surrogate (U+D800..U+DFFF) is written as {@code %uHHHH} followed by its lead byte;</li>
 *   <li>NUL bytes are dropped.</li>
 * </ul>
 *
 * <p>Example: {@code "a\xC3\xA9\xEF\xBC\x9C"} (a, U+00E9, U+FF1C) becomes {@code "a%u00e9%uff1c"}.
 */
final class Utf8ToUnicode implements Transformation {

    @Override
    public String name() {
        return "utf8toUnicode";
    }

    @Override
    public long triggers() {
        return CharClasses.NUL | CharClasses.HIGH;
    }

    @Override
    public String apply(String value) {
        int n = value.length();
        int i = 0;
        while (i < n && value.charAt(i) != '\0' && value.charAt(i) < 0x80) {
            i++;
        }
        if (i == n) {
            return value;
        }
        StringBuilder out = new StringBuilder(n + 16);
        out.append(value, 0, i);
        while (i < n) {
            char c = value.charAt(i);
            int length = c < 0x80 ? 1 : c < 0xC0 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF8 ? 4 : 0;
            if (length == 1) {
                if (c != '\0') {
                    out.append(c);
                }
                i++;
                continue;
            }
            if (length == 0) {
                // A continuation byte or 0xF8..0xFF where a character should start: kept as is.
                out.append(c);
                i++;
                continue;
            }
            if (c >= 0xF5) {
                // Beyond U+10FFFF: ModSecurity keeps the byte, then decodes the sequence all the same.
                out.append(c);
            }
            if (!continuations(value, i, length)) {
                i++;
                continue;
            }
            int code = c & (0x7F >> length);
            for (int k = 1; k < length; k++) {
                code = (code << 6) | (value.charAt(i + k) & 0x3F);
            }
            appendEscape(out, code);
            if ((code >= 0xD800 && code <= 0xDFFF) || code < MINIMUM[length]) {
                out.append(c);
            }
            i += length;
        }
        return ByteStrings.sameOrNew(value, out);
    }

    /** The smallest code point each sequence length may encode (below it, the form is overlong). */
    private static final int[] MINIMUM = {0, 0, 0x80, 0x800, 0x10000};

    /** Whether the {@code length - 1} bytes after the lead byte at {@code i} are all continuation bytes. */
    private static boolean continuations(String s, int i, int length) {
        for (int k = 1; k < length; k++) {
            if (i + k >= s.length() || (s.charAt(i + k) & 0xC0) != 0x80) {
                return false;
            }
        }
        return true;
    }

    private static void appendEscape(StringBuilder out, int code) {
        out.append("%u");
        int digits = Math.max(4, (32 - Integer.numberOfLeadingZeros(code) + 3) / 4);
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            out.append(ByteStrings.HEX_DIGITS.charAt((code >> shift) & 0xF));
        }
    }
}
