package dev.bulwark.waf.internal.operators;

/**
 * {@code @verifyCC pattern}: matches when the pattern finds a credit card number that passes the Luhn (mod 10)
 * check. Only the digits of a candidate count, so {@code 5484-6050-8915-8216} is checked as
 * {@code 5484605089158216}; a candidate without digits fails. See {@link ChecksumOperator} for how candidates are
 * found and captured.
 *
 * <p>Example: {@code SecRule RESPONSE_BODY "@verifyCC (?:^|[^\d])(\d{4}\-?\d{4}\-?\d{2}\-?\d{2}\-?\d{1,4})(?:[^\d]|$)"
 * "id:1,deny"}.
 */
final class VerifyCC extends ChecksumOperator {

    VerifyCC(OperatorArgument argument) throws OperatorException {
        super("verifyCC", argument);
    }

    @Override
    boolean verify(String value, int start, int end) {
        int sum = 0;
        int digits = 0;
        // from the right: every second digit is doubled
        for (int i = end - 1; i >= start; i--) {
            char c = value.charAt(i);
            if (!ByteChars.isDigit(c)) {
                continue;
            }
            int d = c - '0';
            if (digits % 2 == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            digits++;
        }
        return digits > 0 && sum % 10 == 0;
    }
}
