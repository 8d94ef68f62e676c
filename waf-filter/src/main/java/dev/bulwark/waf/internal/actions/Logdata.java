package dev.bulwark.waf.internal.actions;

import dev.bulwark.waf.internal.macro.MacroText;

/**
 * {@code logdata:'text'}: extra data logged with the match, typically the matched bytes; macros are
 * expanded.
 *
 * <p>Example: {@code logdata:'Matched Data: %{TX.0} found within %{MATCHED_VAR_NAME}'}.
 */
final class Logdata implements Action {

    private final MacroText text;

    Logdata(String argument) throws ActionException {
        this.text = MacroText.parse(ArgumentParsing.required("logdata", argument));
    }

    @Override
    public void applyTo(RuleDraft rule) throws ActionException {
        rule.requireRule("logdata");
        rule.logdata = text;
    }
}
