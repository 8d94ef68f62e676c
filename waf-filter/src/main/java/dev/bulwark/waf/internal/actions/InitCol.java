package dev.bulwark.waf.internal.actions;

import dev.bulwark.waf.internal.macro.MacroText;
import java.util.Locale;

/**
 * {@code initcol:collection=key}: opens one of the collections GLOBAL, IP, SESSION, USER or RESOURCE. In Bulwark these
 * collections are transient: they start empty and live as long as the transaction (persistent storage across
 * requests is not available yet, so rules that count across requests see a fresh collection each time).
 *
 * <p>Example: {@code initcol:ip=%{REMOTE_ADDR}}.
 */
final class InitCol implements Action, RuntimeAction {

    private final String collection;
    private final MacroText key;

    InitCol(String argument) throws ActionException {
        String a = ArgumentParsing.required("initcol", argument);
        int eq = a.indexOf('=');
        if (eq <= 0) {
            throw new ActionException("initcol needs collection=key, got '" + argument + "'");
        }
        String coll = a.substring(0, eq).trim().toUpperCase(Locale.ROOT);
        if (!Collections.INITCOL.contains(coll)) {
            throw new ActionException("initcol can open " + Collections.INITCOL + ", not '" + a.substring(0, eq)
                    + "'");
        }
        this.collection = coll;
        this.key = MacroText.parse(a.substring(eq + 1).trim());
    }

    @Override
    public void applyTo(RuleDraft rule) {
        rule.runtimeActions.add(this);
    }

    @Override
    public void execute(ActionContext context) {
        context.openCollection(collection, context.expand(key));
    }
}
