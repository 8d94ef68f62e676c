package dev.bulwark.waf.internal.actions;

import dev.bulwark.waf.internal.macro.MacroText;

/**
 * {@code redirect:URL}: stop the transaction and answer 302 to the URL (macros expanded).
 *
 * <p>Example: {@code redirect:https://example.com/blocked}.
 */
final class Redirect implements Action {

    private final MacroText url;

    Redirect(String argument) throws ActionException {
        this.url = MacroText.parse(ArgumentParsing.required("redirect", argument));
    }

    @Override
    public void applyTo(RuleDraft rule) throws ActionException {
        rule.requireHead("redirect");
        rule.disruptive = Disruptive.REDIRECT;
        rule.redirectUrl = url;
    }
}
