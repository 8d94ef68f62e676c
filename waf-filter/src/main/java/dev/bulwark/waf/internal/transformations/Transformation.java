package dev.bulwark.waf.internal.transformations;

/**
 * One SecLang transformation ({@code t:name}). Values are "byte strings": every char is one request byte
 * (U+0000..U+00FF, ISO-8859-1 mapping), and every transformation keeps that invariant in its output.
 *
 * <p>Implementations are stateless and thread-safe. {@link #apply} returns the very same instance when the value
 * is unchanged, so callers can tell "changed" by identity without comparing.
 */
public interface Transformation {

    /** The SecLang name, as used after {@code t:}. */
    String name();

    /** Transforms {@code value}; returns {@code value} itself when nothing changed. */
    String apply(String value);
}
