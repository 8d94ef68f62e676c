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

    /** Whether {@code s} contains {@code lowerNeedle} (lower-case ASCII), ignoring ASCII case. */
    static boolean contains(String s, String lowerNeedle) {
        for (int i = 0; i + lowerNeedle.length() <= s.length(); i++) {
            if (matchesAt(s, i, lowerNeedle)) {
                return true;
            }
        }
        return false;
    }
}
