package dev.bulwark.waf.internal.operators;

/**
 * {@code @verifySVNR pattern} (from ModSecurity v3): matches when the pattern finds an Austrian social insurance
 * number (Sozialversicherungsnummer: a 3-digit serial, a check digit, then the birth date as DDMMYY) whose check digit
 * is right: the weighted sum of the other digits (weights 3, 7, 9, then 5, 8, 4, 2, 1, 6) modulo 11, where 10 counts
 * as 0, as in ModSecurity. Only digits count; a candidate needs at least 10 and only the first 10 are used. Numbers
 * made of one repeated digit, {@code 0123456789} and {@code 1234567890} are rejected. See {@link ChecksumOperator}
 * for how candidates are found and captured.
 *
 * <p>Example: {@code SecRule ARGS "@verifySVNR ([0-9]{4} ?[0-9]{6})" "id:1,deny"}.
 */
final class VerifySVNR extends ChecksumOperator {

    private static final int[] WEIGHTS = {3, 7, 9, 0, 5, 8, 4, 2, 1, 6};

    VerifySVNR(OperatorArgument argument) throws OperatorException {
        super("verifySVNR", argument);
    }

    @Override
    boolean verify(String value, int start, int end) {
        int[] d = new int[10];
        if (digits(value, start, end, d) < 10) {
            return false;
        }
        if (isPlaceholder(d)) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += d[i] * WEIGHTS[i];
        }
        int check = sum % 11;
        return (check == 10 ? 0 : check) == d[3];
    }

    private static boolean isPlaceholder(int[] d) {
        boolean same = true;
        boolean from0 = true;
        boolean from1 = true;
        for (int i = 0; i < 10; i++) {
            same &= d[i] == d[0];
            from0 &= d[i] == i;
            from1 &= d[i] == (i + 1) % 10;
        }
        return same || from0 || from1;
    }
}
