package dev.bulwark.waf.internal.operators;

/**
 * Character classes of the C locale, applied to byte strings (one char per byte). ModSecurity uses {@code isspace},
 * {@code isalnum} and {@code tolower} from C, which know ASCII only; Java's {@link Character} methods would also
 * classify Latin-1 letters and spaces, so operators use these instead.
 */
final class ByteChars {

    private ByteChars() {}

    /** C {@code isspace}: space, tab, line feed, vertical tab, form feed, carriage return. */
    static boolean isSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isHexDigit(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    static int hexValue(char c) {
        if (c <= '9') {
            return c - '0';
        }
        return (c | 0x20) - 'a' + 10;
    }

    /** A "word" character for {@code @containsWord}: ASCII letter, digit or underscore. */
    static boolean isWordChar(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    /** C {@code tolower}: folds A-Z only. */
    static char toLowerAscii(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    /**
     * Parses a number the way C {@code atoi} does: leading white space, an optional sign, then as many digits as
     * there are; anything else ends the number, and a text without digits is 0. Unlike C (where overflow is
     * undefined and glibc wraps to 32 bits), the result saturates at the {@code long} range, so a huge number can
     * never turn small or negative.
     */
    static long atoi(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && isSpace(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        long value = 0;
        for (; i < n && isDigit(s.charAt(i)); i++) {
            int digit = s.charAt(i) - '0';
            // accumulate negatively so that Long.MIN_VALUE is reachable
            if (value < (Long.MIN_VALUE + digit) / 10) {
                return negative ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
            value = value * 10 - digit;
        }
        if (negative) {
            return value;
        }
        return value == Long.MIN_VALUE ? Long.MAX_VALUE : -value;
    }

    /** Escapes a byte string for messages: printable ASCII as is, anything else as {@code \xNN}; capped in length. */
    static String escapeForMessage(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 80) + 8);
        for (int i = 0; i < s.length(); i++) {
            if (b.length() >= 80) {
                return b.append("...").toString();
            }
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                b.append(c);
            } else {
                b.append(String.format("\\x%02x", (int) c & 0xff));
            }
        }
        return b.toString();
    }
}
