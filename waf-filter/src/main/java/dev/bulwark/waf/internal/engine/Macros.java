package dev.bulwark.waf.internal.engine;

import dev.bulwark.waf.internal.macro.MacroText;
import dev.bulwark.waf.internal.variables.Target;
import dev.bulwark.waf.internal.variables.Variable;
import java.util.List;

/**
 * Resolves {@code %{...}} references for a transaction: {@code %{tx.name}}, {@code %{MATCHED_VAR}},
 * {@code %{request_headers.host}}, {@code %{ARGS._method}}... The first value of the variable is used; anything
 * unset expands to the empty string.
 */
final class Macros {

    private Macros() {}

    static String resolve(TransactionState tx, MacroText.Reference ref) {
        Variable v = ref.variable();
        if (v == null) {
            return "";
        }
        if (v == Variable.TX || v.isPersistentCollection()) {
            if (ref.key() == null) {
                return "";
            }
            String value = tx.collectionValue(v.name(), ref.key());
            return value == null ? "" : value;
        }
        if (v == Variable.MATCHED_VAR || v == Variable.MATCHED_VAR_NAME) { // in most msg and logdata texts
            String value = v == Variable.MATCHED_VAR ? tx.matchedVar() : tx.matchedVarName();
            return value == null ? "" : value;
        }
        Target target = tx.program().macroTarget(ref, v);
        if (target == null) {
            return "";
        }
        Candidates values = tx.macroValues();
        try {
            TargetValues.values(tx, target, List.of(), values);
            return values.size() == 0 ? "" : values.value(0);
        } finally {
            values.clear();
        }
    }
}
