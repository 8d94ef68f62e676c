package dev.bulwark.waf.internal.actions;

/** Number parsing as ModSecurity does it for variables: C {@code atoi}, leading blanks and sign, then digits. */
public final class Numbers {

    private Numbers() {}

    /** Parses the leading integer of {@code s}; null, empty or non-numeric text is 0. Saturates on overflow. */
    public static long atoi(String s) {
        if (s == null) {
            return 0;
        }
        int i = 0;
        int n = s.length();
        while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\n' || s.charAt(i) == '\r'
                || s.charAt(i) == '\f' || s.charAt(i) == 0x0b)) {
            i++;
        }
        boolean negative = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        long v = 0;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            v = v * 10 + (s.charAt(i) - '0');
            if (v > Integer.MAX_VALUE * 1024L) {
                break;
            }
            i++;
        }
        return negative ? -v : v;
    }
}
