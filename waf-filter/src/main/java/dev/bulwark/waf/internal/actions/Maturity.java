package dev.bulwark.waf.internal.actions;

/**
 * {@code maturity:N}: the maturity of the rule, 1..9 (informational only).
 *
 * <p>Example: {@code maturity:9}.
 */
final class Maturity implements Action {

    private final int value;

    Maturity(String argument) throws ActionException {
        long v = ArgumentParsing.positiveLong("maturity", argument);
        if (v > 9) {
            throw new ActionException("maturity must be 1..9, not " + v);
        }
        this.value = (int) v;
    }

    @Override
    public void applyTo(RuleDraft rule) throws ActionException {
        rule.requireRule("maturity");
        rule.maturity = value;
    }
}
