package dev.bulwark.waf.internal.actions;

/**
 * {@code rev:'text'}: the revision of the rule.
 *
 * <p>Example: {@code rev:'2'}.
 */
final class Rev implements Action {

    private final String value;

    Rev(String argument) throws ActionException {
        this.value = ArgumentParsing.required("rev", argument);
    }

    @Override
    public void applyTo(RuleDraft rule) throws ActionException {
        rule.requireRule("rev");
        rule.rev = value;
    }
}
