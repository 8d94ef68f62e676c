package dev.bulwark.waf.internal.actions;

/**
 * {@code skip:N}: when the rule matches, skip the next N rules (chains count as one) of the phase.
 *
 * <p>Example: {@code skip:2}.
 */
final class Skip implements Action {

    private final int count;

    Skip(String argument) throws ActionException {
        this.count = (int) ArgumentParsing.positiveLong("skip", argument);
    }

    @Override
    public void applyTo(RuleDraft rule) throws ActionException {
        rule.requireRule("skip");
        rule.requireHead("skip");
        rule.skip = count;
    }
}
