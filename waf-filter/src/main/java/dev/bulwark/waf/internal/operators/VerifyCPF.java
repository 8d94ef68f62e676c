package dev.bulwark.waf.internal.operators;

/**
 * {@code @verifyCPF pattern}: matches when the pattern finds a Brazilian CPF number (11 digits, the last two being
 * check digits) whose check digits are right. Only digits count (so {@code 010.817.514-60} is checked as
 * {@code 01081751460}); as in ModSecurity a candidate needs at least 11 digits and only the first 11 are used.
 * Numbers made of one repeated digit and {@code 01234567890} are rejected. See {@link ChecksumOperator} for how
 * candidates are found and captured.
 *
 * <p>Example: {@code SecRule ARGS "@verifyCPF ([0-9]{3}\.){2}[0-9]{3}-[0-9]{2}" "id:1,deny"}.
 */
final class VerifyCPF extends ChecksumOperator {

    VerifyCPF(OperatorArgument argument) throws OperatorException {
        super("verifyCPF", argument);
    }

    @Override
    boolean verify(String value, int start, int end) {
        int[] d = new int[11];
        if (digits(value, start, end, d) < 11) {
            return false;
        }
        if (allSame(d) || isAscending(d)) {
            return false;
        }
        return d[9] == checkDigit(d, 9) && d[10] == checkDigit(d, 10);
    }

    /** The check digit at position {@code n} (9 or 10): weights n+1 down to 2 over the first n digits, mod 11. */
    private static int checkDigit(int[] d, int n) {
        int sum = 0;
        for (int i = 0; i < n; i++) {
            sum += d[i] * (n + 1 - i);
        }
        int r = sum % 11;
        return r < 2 ? 0 : 11 - r;
    }

    private static boolean allSame(int[] d) {
        for (int i = 1; i < d.length; i++) {
            if (d[i] != d[0]) {
                return false;
            }
        }
        return true;
    }

    /** 01234567890, which passes the checksum but is a known placeholder. */
    private static boolean isAscending(int[] d) {
        for (int i = 0; i < 10; i++) {
            if (d[i] != i) {
                return false;
            }
        }
        return d[10] == 0;
    }
}
