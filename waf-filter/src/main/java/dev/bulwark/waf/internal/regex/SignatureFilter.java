package dev.bulwark.waf.internal.regex;

/**
 * A test of a value's {@link Regex#signature} (or a union of several) that rules out values an operator cannot
 * match: false only when none can. The engine keeps each rule's filter at hand, so skipping a rule reads the
 * filter's own data and nothing on the way to it.
 */
public interface SignatureFilter {

    /** False when no value the signature covers can match; {@code signature} is not null. */
    boolean mayMatch(long[] signature);
}
