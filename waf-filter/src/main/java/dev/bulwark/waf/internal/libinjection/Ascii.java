package dev.bulwark.waf.internal.libinjection;

/** ASCII-only character classes and case mapping (C locale), for byte strings. */
final class Ascii {

    private Ascii() {}

    static char upper(char c) {
        return c >= 'a' && c <= 'z' ? (char) (c - 32) : c;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** True when {@code text[start, start+len)} equals the upper-case ASCII word {@code upper}, ignoring case. */
    static boolean equalsIgnoreCase(String upper, CharSequence text, int start, int len) {
        return upper.length() == len && regionEqualsIgnoreCase(upper, 0, text, start, len);
    }

    /** True when {@code text[start, start+len)} equals {@code upper[offset, offset+len)}, ignoring case. */
    static boolean regionEqualsIgnoreCase(String upper, int offset, CharSequence text, int start, int len) {
        for (int i = 0; i < len; i++) {
            if (upper.charAt(offset + i) != upper(text.charAt(start + i))) {
                return false;
            }
        }
        return true;
    }
}
