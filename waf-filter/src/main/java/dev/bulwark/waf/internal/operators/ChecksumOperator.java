package dev.bulwark.waf.internal.operators;

import com.google.re2j.Matcher;
import dev.bulwark.waf.internal.regex.Regex;
import dev.bulwark.waf.internal.regex.RegexSyntaxException;

/**
 * The shared part of {@code @verifyCC}, {@code @verifyCPF}, {@code @verifySSN} and {@code @verifySVNR}: the argument
 * is a regular expression that finds candidate numbers; each candidate (the whole match, separators included) is then
 * checked by the operator's own algorithm, and the operator matches at the first candidate that passes. As in
 * ModSecurity, the pattern is compiled with {@code ^} and {@code $} matching at line breaks too, and after a candidate
 * fails the search resumes one byte after where that candidate started, so overlapping candidates are tried.
 *
 * <p>With the {@code capture} action, {@code TX:0} receives the candidate that passed (as ModSecurity v3 does).
 */
abstract class ChecksumOperator implements Operator {

    private final String name;
    private final Regex regex;

    ChecksumOperator(String name, OperatorArgument argument) throws OperatorException {
        this.name = name;
        if (argument.text().isEmpty()) {
            throw new OperatorException("@" + name + " needs a regular expression that finds candidate numbers");
        }
        try {
            this.regex = Regex.compile("(?m)" + argument.text());
        } catch (RegexSyntaxException e) {
            throw new OperatorException("@" + name + ": " + e.getMessage(), e);
        }
    }

    /** Whether the candidate {@code value[start, end)} passes this operator's check. */
    abstract boolean verify(String value, int start, int end);

    @Override
    public final boolean matches(OperatorContext context, String value) {
        Matcher m = regex.matcher(value);
        int from = 0;
        while (from < value.length() && m.find(from)) {
            int start = m.start();
            int end = m.end();
            if (end > start && verify(value, start, end)) {
                if (context.captureEnabled()) {
                    context.setCapture(0, value.substring(start, end));
                }
                return true;
            }
            from = start + 1;
        }
        return false;
    }

    /**
     * Collects the first {@code digits.length} ASCII digits of {@code value[start, end)} into {@code digits};
     * returns how many digits the range holds in total.
     */
    static int digits(String value, int start, int end, int[] digits) {
        int total = 0;
        for (int i = start; i < end; i++) {
            char c = value.charAt(i);
            if (ByteChars.isDigit(c)) {
                if (total < digits.length) {
                    digits[total] = c - '0';
                }
                total++;
            }
        }
        return total;
    }

    @Override
    public final String toString() {
        return "@" + name + " " + regex.source().substring("(?m)".length());
    }
}
