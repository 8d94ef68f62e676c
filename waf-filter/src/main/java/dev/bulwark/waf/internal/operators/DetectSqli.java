package dev.bulwark.waf.internal.operators;

import dev.bulwark.waf.internal.libinjection.SqliDetector;

/**
 * {@code @detectSQLi}: matches when the value looks like SQL injection, by the libinjection method (tokenize the
 * value as SQL, fold it into a fingerprint of at most five token kinds, judge the fingerprint), implemented by
 * Bulwark in {@link SqliDetector}. With the {@code capture} action the fingerprint goes to {@code TX:0}, as in
 * ModSecurity. The operator takes no argument.
 *
 * <p>Example: {@code SecRule ARGS "@detectSQLi" "id:1,phase:2,deny,capture,t:urlDecodeUni"} denies
 * {@code ?id=1' OR '1'='1} and sets {@code TX:0} to {@code s&sos}.
 */
final class DetectSqli implements Operator {

    DetectSqli(OperatorArgument argument) throws OperatorException {
        if (!argument.text().isBlank()) {
            throw new OperatorException("@detectSQLi takes no argument, got \"" + argument.text() + "\"");
        }
    }

    @Override
    public boolean matches(OperatorContext context, String value) {
        String fingerprint = SqliDetector.detect(value);
        if (fingerprint == null) {
            return false;
        }
        if (context.captureEnabled()) {
            context.setCapture(0, fingerprint);
        }
        return true;
    }

    @Override
    public String toString() {
        return "@detectSQLi";
    }

    @Override
    public boolean valueDetermined() {
        return true;
    }
}
