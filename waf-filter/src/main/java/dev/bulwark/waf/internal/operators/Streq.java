package dev.bulwark.waf.internal.operators;

/**
 * {@code @streq text}: matches when the value equals the text exactly (case-sensitive, byte for byte). Macros in the
 * text are expanded on each evaluation.
 *
 * <p>Example: {@code SecRule TX:1 "!@streq %{TX.2}" "id:1,chain"}.
 */
final class Streq implements Operator {

    private final ExpandableArgument text;

    Streq(OperatorArgument argument) {
        this.text = new ExpandableArgument(argument);
    }

    @Override
    public boolean matches(OperatorContext context, String value) {
        return value.equals(text.value(context));
    }

    @Override
    public String toString() {
        return "@streq " + text;
    }
}
