package dev.bulwark.waf.internal.operators;

import dev.bulwark.waf.internal.regex.Regex;
import dev.bulwark.waf.internal.regex.SignatureFilter;

/**
 * A compiled SecLang operator ({@code @name argument}). Built once at load by an {@link OperatorFactory};
 * immutable and shared by all threads. Negation ({@code !@op}) is applied by the engine, not here.
 *
 * <p>Values are byte strings: every char is one byte (U+0000..U+00FF).
 */
public interface Operator {

    /**
     * Returns whether {@code value} matches. Operators that capture (e.g. {@code @rx}, {@code @detectSQLi}) write
     * {@code TX:0..9} through {@code context} only when {@link OperatorContext#captureEnabled()} is true.
     */
    boolean matches(OperatorContext context, String value);

    /**
     * Whether the result depends on the value alone (a constant argument, nothing read from the transaction), so
     * the engine may reuse it for an equal value. Captures are still written on every match.
     */
    default boolean valueDetermined() {
        return false;
    }

    /**
     * A test that is false only when no value covered by a signature ({@link Regex#signature}, or a union of several,
     * {@link Regex#unionSignature}) can match, which lets the engine skip a rule without looking at its values one
     * by one; null when the operator has none. Only for an operator whose verdict is {@link #valueDetermined}.
     */
    default SignatureFilter unionFilter() {
        return null;
    }
}
