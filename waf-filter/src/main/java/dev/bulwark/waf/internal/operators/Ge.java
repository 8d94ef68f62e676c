package dev.bulwark.waf.internal.operators;

/**
 * {@code @ge number}: matches when the value, read as an integer, is greater than or equal to the number.
 * Both sides are read like C {@code atoi} (see {@link NumericOperator}); macros in the argument are expanded on
 * each evaluation.
 *
 * <p>Example: {@code SecRule TX:ANOMALY_SCORE "@ge %{tx.inbound_anomaly_score_threshold}" "id:1,deny"}.
 */
final class Ge extends NumericOperator {

    Ge(OperatorArgument argument) {
        super("ge", argument);
    }

    @Override
    boolean holds(long value, long argument) {
        return value >= argument;
    }
}
