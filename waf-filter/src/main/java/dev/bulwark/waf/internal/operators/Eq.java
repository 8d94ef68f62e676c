package dev.bulwark.waf.internal.operators;

/**
 * {@code @eq number}: matches when the value, read as an integer, equals the number.
 * Both sides are read like C {@code atoi} (see {@link NumericOperator}); macros in the argument are expanded on
 * each evaluation.
 *
 * <p>Example: {@code SecRule &TX:crs_setup_version "@eq 0" "id:1,deny"}.
 */
final class Eq extends NumericOperator {

    Eq(OperatorArgument argument) {
        super("eq", argument);
    }

    @Override
    boolean holds(long value, long argument) {
        return value == argument;
    }
}
