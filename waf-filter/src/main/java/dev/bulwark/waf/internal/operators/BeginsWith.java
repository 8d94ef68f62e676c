package dev.bulwark.waf.internal.operators;

/**
 * {@code @beginsWith text}: matches when the value starts with the text (case-sensitive, byte for byte). An empty
 * text matches every value. Macros in the text are expanded on each evaluation.
 *
 * <p>Example: {@code SecRule REQUEST_LINE "@beginsWith GET /admin" "id:1,deny"}.
 */
final class BeginsWith implements Operator {

    private final ExpandableArgument prefix;

    BeginsWith(OperatorArgument argument) {
        this.prefix = new ExpandableArgument(argument);
    }

    @Override
    public boolean matches(OperatorContext context, String value) {
        return value.startsWith(prefix.value(context));
    }

    @Override
    public String toString() {
        return "@beginsWith " + prefix;
    }
}
