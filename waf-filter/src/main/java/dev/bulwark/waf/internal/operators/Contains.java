package dev.bulwark.waf.internal.operators;

/**
 * {@code @contains text}: matches when the text occurs anywhere in the value (case-sensitive, byte for byte). An
 * empty text matches every value. Macros in the text are expanded on each evaluation.
 *
 * <p>Example: {@code SecRule REQUEST_URI "@contains #" "id:1,deny"}.
 */
final class Contains implements Operator {

    private final ExpandableArgument text;

    Contains(OperatorArgument argument) {
        this.text = new ExpandableArgument(argument);
    }

    @Override
    public boolean matches(OperatorContext context, String value) {
        return value.contains(text.value(context));
    }

    @Override
    public String toString() {
        return "@contains " + text;
    }
}
