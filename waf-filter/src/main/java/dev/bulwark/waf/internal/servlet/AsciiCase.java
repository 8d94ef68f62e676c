package dev.bulwark.waf.internal.servlet;

/** ASCII-only case-insensitive comparisons for header values (byte strings); Unicode folding never applies. */
final class AsciiCase {

    private AsciiCase() {}

    /** Whether {@code s} has {@code lowerNeedle} (lower-case ASCII) at {@code at}, ignoring ASCII case. */
    static boolean matchesAt(String s, int at, String lowerNeedle) {
        if (at < 0 || at + lowerNeedle.length() > s.length()) {
            return false;
        }
        for (int i = 0; i < lowerNeedle.length(); i++) {
            char c = s.charAt(at + i);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            if (c != lowerNeedle.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code a} and {@code b} are equal ignoring ASCII case (other chars must match exactly). */
    static boolean equalsIgnoreCase(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y && lower(x) != lower(y)) {
                return false;
            }
        }
        return true;
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    /** Whether {@code s} is {@code lowerNeedle} (lower-case ASCII), ignoring ASCII case. */
    static boolean equalsLower(String s, String lowerNeedle) {
        return s.length() == lowerNeedle.length() && matchesAt(s, 0, lowerNeedle);
    }

    /** Whether {@code s} contains {@code lowerNeedle} (lower-case ASCII), ignoring ASCII case. */
    static boolean contains(String s, String lowerNeedle) {
        return indexOf(s, lowerNeedle) >= 0;
    }

    /** Where {@code lowerNeedle} (lower-case ASCII) first occurs in {@code s}, ignoring ASCII case; -1 if nowhere. */
    static int indexOf(String s, String lowerNeedle) {
        for (int i = 0; i + lowerNeedle.length() <= s.length(); i++) {
            if (matchesAt(s, i, lowerNeedle)) {
                return i;
            }
        }
        return -1;
    }
}
