package dev.bulwark.waf.internal.actions;

/**
 * {@code ver:'text'}: the version of the rule set the rule belongs to.
 *
 * <p>Example: {@code ver:'OWASP_CRS/4.28.0'}.
 */
final class Ver implements Action {

    private final String value;

    Ver(String argument) throws ActionException {
        this.value = ArgumentParsing.required("ver", argument);
    }

    @Override
    public void applyTo(RuleDraft rule) throws ActionException {
        rule.requireRule("ver");
        rule.ver = value;
    }
}
