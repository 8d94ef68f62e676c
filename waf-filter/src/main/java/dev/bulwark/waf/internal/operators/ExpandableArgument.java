package dev.bulwark.waf.internal.operators;

import dev.bulwark.waf.internal.macro.MacroText;

/**
 * The text argument of a string or numeric operator, which ModSecurity expands ({@code %{tx.allowed_methods}}) each
 * time the operator runs. A constant argument is kept as is, so the common case costs nothing per evaluation.
 */
final class ExpandableArgument {

    private final MacroText macro;
    /** The text when it has no macros, else null. */
    private final String constant;

    ExpandableArgument(OperatorArgument argument) {
        this.macro = argument.macro();
        this.constant = macro.isConstant() ? argument.text() : null;
    }

    boolean isConstant() {
        return constant != null;
    }

    /** The constant text; only valid when {@link #isConstant()}. */
    String constant() {
        return constant;
    }

    /** The argument as it reads for this evaluation. */
    String value(OperatorContext context) {
        return constant != null ? constant : context.expand(macro);
    }

    @Override
    public String toString() {
        return macro.source();
    }
}
