package dev.bulwark.waf.internal.actions;

import dev.bulwark.waf.internal.macro.MacroText;

/**
 * {@code msg:'text'}: the message logged when the rule matches; macros are expanded.
 *
 * <p>Example: {@code msg:'SQL Injection Attack Detected via libinjection'}.
 */
final class Msg implements Action {

    private final MacroText text;

    Msg(String argument) throws ActionException {
        this.text = MacroText.parse(ArgumentParsing.required("msg", argument));
    }

    @Override
    public void applyTo(RuleDraft rule) throws ActionException {
        rule.requireRule("msg");
        rule.msg = text;
    }
}
