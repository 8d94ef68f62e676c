package dev.bulwark.waf.internal.operators;

/**
 * {@code @verifySSN pattern}: matches when the pattern finds a plausible US social security number: exactly 9 digits
 * (separators ignored) forming area-group-serial with no part all zeros, an area below 740 and other than 666, and not
 * all digits equal or in ascending sequence (such as {@code 123-45-6789}). These are ModSecurity's rules. See
 * {@link ChecksumOperator} for how candidates are found and captured.
 *
 * <p>Example: {@code SecRule ARGS "@verifySSN \d{3}-?\d{2}-?\d{4}" "id:1,deny"}.
 */
final class VerifySSN extends ChecksumOperator {

    VerifySSN(OperatorArgument argument) throws OperatorException {
        super("verifySSN", argument);
    }

    @Override
    boolean verify(String value, int start, int end) {
        int[] d = new int[9];
        if (digits(value, start, end, d) != 9) {
            return false;
        }
        int ascending = 0;
        int repeated = 0;
        for (int i = 0; i < 8; i++) {
            if (d[i + 1] == d[i] + 1) {
                ascending++;
            }
            if (d[i + 1] == d[i]) {
                repeated++;
            }
        }
        if (ascending == 8 || repeated == 8) {
            return false;
        }
        int area = d[0] * 100 + d[1] * 10 + d[2];
        int group = d[3] * 10 + d[4];
        int serial = d[5] * 1000 + d[6] * 100 + d[7] * 10 + d[8];
        return area != 0 && group != 0 && serial != 0 && area < 740 && area != 666;
    }
}
