package dev.bulwark.waf.internal.operators;

/**
 * {@code @within text}: the reverse of {@code @contains}: matches when the value occurs anywhere in the text. As in
 * ModSecurity this is a substring test, not a list lookup: with {@code GET POST}, the value {@code T P} matches too;
 * an empty value always matches. Macros in the text are expanded on each evaluation.
 *
 * <p>Example: {@code SecRule REQUEST_METHOD "!@within %{tx.allowed_methods}" "id:1,deny"}.
 */
final class Within implements Operator {

    private final ExpandableArgument text;

    Within(OperatorArgument argument) {
        this.text = new ExpandableArgument(argument);
    }

    @Override
    public boolean matches(OperatorContext context, String value) {
        return text.value(context).contains(value);
    }

    @Override
    public String toString() {
        return "@within " + text;
    }
}
