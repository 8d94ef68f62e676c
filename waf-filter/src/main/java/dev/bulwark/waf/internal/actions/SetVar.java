package dev.bulwark.waf.internal.actions;

import dev.bulwark.waf.internal.macro.MacroText;
import java.util.Locale;

/**
 * {@code setvar:collection.name=value}: sets a variable of {@code TX} (or of a collection opened by
 * {@code initcol}). {@code =+N} adds, {@code =-N} subtracts (numbers parsed like C {@code atoi}),
 * {@code !collection.name} deletes, and {@code collection.name} alone sets it to 1. Macros are expanded in the name
 * and the value.
 *
 * <p>Example: {@code setvar:'tx.inbound_anomaly_score_pl1=+%{tx.critical_anomaly_score}'}.
 */
final class SetVar implements Action, RuntimeAction {

    private enum Op { SET, ADD, SUBTRACT, DELETE }

    private final String collection;
    private final MacroText key;
    private final MacroText value;
    private final Op op;

    SetVar(String argument) throws ActionException {
        String a = ArgumentParsing.required("setvar", argument).trim();
        Op o = Op.SET;
        if (a.startsWith("!")) {
            o = Op.DELETE;
            a = a.substring(1);
        }
        String name;
        String v = null;
        int eq = a.indexOf('=');
        if (eq >= 0) {
            if (o == Op.DELETE) {
                throw new ActionException("setvar: '!' deletes a variable and takes no value: '" + argument + "'");
            }
            name = a.substring(0, eq);
            v = a.substring(eq + 1);
            if (v.startsWith("+")) {
                o = Op.ADD;
                v = v.substring(1);
            } else if (v.startsWith("-")) {
                o = Op.SUBTRACT;
                v = v.substring(1);
            }
        } else {
            name = a;
        }
        int dot = name.indexOf('.');
        if (dot <= 0 || dot == name.length() - 1) {
            throw new ActionException("setvar needs collection.name, got '" + argument + "'");
        }
        String coll = name.substring(0, dot).trim().toUpperCase(Locale.ROOT);
        if (!Collections.WRITABLE.contains(coll)) {
            throw new ActionException("setvar can write " + Collections.WRITABLE + ", not collection '"
                    + name.substring(0, dot) + "'");
        }
        this.collection = coll;
        this.key = MacroText.parse(name.substring(dot + 1).trim());
        this.value = MacroText.parse(v == null ? "1" : v);
        this.op = o;
    }

    @Override
    public void applyTo(RuleDraft rule) {
        rule.runtimeActions.add(this);
    }

    @Override
    public void execute(ActionContext context) {
        String k = context.expand(key);
        switch (op) {
            case DELETE -> context.removeCollectionValue(collection, k);
            case SET -> context.setCollectionValue(collection, k, context.expand(value));
            case ADD, SUBTRACT -> {
                long current = Numbers.atoi(context.collectionValue(collection, k));
                long delta = Numbers.atoi(context.expand(value));
                long result = op == Op.ADD ? current + delta : current - delta;
                context.setCollectionValue(collection, k, Long.toString(result));
            }
        }
    }

    @Override
    public String toString() {
        return "setvar:" + collection.toLowerCase(Locale.ROOT) + "." + key + "=" + value;
    }
}
