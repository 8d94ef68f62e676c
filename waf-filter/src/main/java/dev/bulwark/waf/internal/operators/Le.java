package dev.bulwark.waf.internal.operators;

/**
 * {@code @le number}: matches when the value, read as an integer, is less than or equal to the number.
 * Both sides are read like C {@code atoi} (see {@link NumericOperator}); macros in the argument are expanded on
 * each evaluation.
 *
 * <p>Example: {@code SecRule REQUEST_HEADERS:Content-Length "@le 0" "id:1,pass"}.
 */
final class Le extends NumericOperator {

    Le(OperatorArgument argument) {
        super("le", argument);
    }

    @Override
    boolean holds(long value, long argument) {
        return value <= argument;
    }
}
