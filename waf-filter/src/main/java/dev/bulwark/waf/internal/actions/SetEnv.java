package dev.bulwark.waf.internal.actions;

import dev.bulwark.waf.internal.macro.MacroText;

/**
 * {@code setenv:name=value}: sets a per-request environment variable; Bulwark exposes these as request attributes
 * named {@code bulwark.env.NAME} to the application.
 *
 * <p>Example: {@code setenv:waf_suspect=1}.
 */
final class SetEnv implements Action, RuntimeAction {

    private final MacroText name;
    private final MacroText value;

    SetEnv(String argument) throws ActionException {
        String a = ArgumentParsing.required("setenv", argument);
        int eq = a.indexOf('=');
        this.name = MacroText.parse((eq < 0 ? a : a.substring(0, eq)).trim());
        this.value = MacroText.parse(eq < 0 ? "1" : a.substring(eq + 1));
    }

    @Override
    public void applyTo(RuleDraft rule) {
        rule.runtimeActions.add(this);
    }

    @Override
    public void execute(ActionContext context) {
        context.setEnvironment(context.expand(name), context.expand(value));
    }
}
