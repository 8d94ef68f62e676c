package dev.bulwark.waf.internal.operators;

/**
 * {@code @lt number}: matches when the value, read as an integer, is less than the number.
 * Both sides are read like C {@code atoi} (see {@link NumericOperator}); macros in the argument are expanded on
 * each evaluation.
 *
 * <p>Example: {@code SecRule TX:DETECTION_PARANOIA_LEVEL "@lt 2" "id:1,pass,skipAfter:END"}.
 */
final class Lt extends NumericOperator {

    Lt(OperatorArgument argument) {
        super("lt", argument);
    }

    @Override
    boolean holds(long value, long argument) {
        return value < argument;
    }
}
