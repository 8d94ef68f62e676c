package dev.bulwark.waf.internal.operators;

/**
 * {@code @gt number}: matches when the value, read as an integer, is greater than the number.
 * Both sides are read like C {@code atoi} (see {@link NumericOperator}); macros in the argument are expanded on
 * each evaluation.
 *
 * <p>Example: {@code SecRule &ARGS "@gt %{tx.max_num_args}" "id:1,deny"}.
 */
final class Gt extends NumericOperator {

    Gt(OperatorArgument argument) {
        super("gt", argument);
    }

    @Override
    boolean holds(long value, long argument) {
        return value > argument;
    }
}
