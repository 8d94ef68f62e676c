package dev.bulwark.waf.internal.operators;

/**
 * The shared part of {@code @eq}, {@code @ge}, {@code @gt}, {@code @le} and {@code @lt}: both the value and the
 * argument are read as integers the way ModSecurity does (C {@code atoi}: leading number, anything that is not a
 * number reads as 0; see {@link ByteChars#atoi}). A constant argument is read once; an argument with macros
 * ({@code %{tx.blocking_paranoia_level}}) is expanded and read on each evaluation.
 */
abstract class NumericOperator implements Operator {

    private final String name;
    private final ExpandableArgument argument;
    private final long constant;

    NumericOperator(String name, OperatorArgument argument) {
        this.name = name;
        this.argument = new ExpandableArgument(argument);
        this.constant = this.argument.isConstant() ? ByteChars.atoi(this.argument.constant()) : 0;
    }

    /** Whether {@code value} relates to {@code argument} as this operator requires. */
    abstract boolean holds(long value, long argument);

    @Override
    public final boolean matches(OperatorContext context, String value) {
        long right = argument.isConstant() ? constant : ByteChars.atoi(argument.value(context));
        return holds(ByteChars.atoi(value), right);
    }

    @Override
    public final String toString() {
        return "@" + name + " " + argument;
    }
}
