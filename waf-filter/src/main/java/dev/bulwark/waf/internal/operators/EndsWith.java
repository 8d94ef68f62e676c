package dev.bulwark.waf.internal.operators;

/**
 * {@code @endsWith text}: matches when the value ends with the text (case-sensitive, byte for byte). An empty text
 * matches every value. Macros in the text are expanded on each evaluation.
 *
 * <p>Example: {@code SecRule REQUEST_HEADERS:Referer "!@endsWith .%{request_headers.host}" "id:1,pass,log"}.
 */
final class EndsWith implements Operator {

    private final ExpandableArgument suffix;

    EndsWith(OperatorArgument argument) {
        this.suffix = new ExpandableArgument(argument);
    }

    @Override
    public boolean matches(OperatorContext context, String value) {
        return value.endsWith(suffix.value(context));
    }

    @Override
    public String toString() {
        return "@endsWith " + suffix;
    }
}
