package dev.bulwark.waf.internal.operators;

import dev.bulwark.waf.internal.regex.Regex;

import dev.bulwark.waf.internal.macro.MacroText;

/** What an operator may see of the running transaction while it evaluates one value. */
public interface OperatorContext {

    /** Expands the macros of an operator argument against the running transaction. */
    String expand(MacroText text);

    /** Whether the rule carries the {@code capture} action. */
    boolean captureEnabled();

    /** Sets {@code TX:index} (0..9) for a capturing rule. */
    void setCapture(int index, String value);

    /** The value's regex prefilter signature ({@link Regex#signature}); a transaction caches it per value. */
    default long[] valueSignature(String value) {
        return Regex.signature(value);
    }
}
