package dev.bulwark.waf.internal.operators;

/**
 * {@code @noMatch}: never matches; any argument is ignored. Useful to keep a rule (and its actions on other chain
 * links) in place while switching it off.
 *
 * <p>Example: {@code SecRule REQUEST_URI "@noMatch" "id:1,pass,nolog"}.
 */
final class NoMatch implements Operator {

    static final NoMatch INSTANCE = new NoMatch();

    private NoMatch() {}

    @Override
    public boolean matches(OperatorContext context, String value) {
        return false;
    }

    @Override
    public String toString() {
        return "@noMatch";
    }
}
