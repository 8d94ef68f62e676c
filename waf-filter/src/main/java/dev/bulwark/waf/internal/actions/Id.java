package dev.bulwark.waf.internal.actions;

/**
 * {@code id:N}: the rule's unique number (1..2^31-1 by convention; Bulwark accepts any positive number).
 * Required on every rule and chain head, forbidden in chain links and SecDefaultAction.
 *
 * <p>Example: {@code id:942100}.
 */
final class Id implements Action {

    private final long id;

    Id(String argument) throws ActionException {
        this.id = ArgumentParsing.positiveLong("id", argument);
    }

    @Override
    public void applyTo(RuleDraft rule) throws ActionException {
        rule.requireRule("id");
        rule.requireHead("id");
        rule.id = id;
    }
}
