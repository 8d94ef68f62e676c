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

    /**
     * The {@link CharClasses} that can make {@link #apply} change a value: one holding none of them is given back
     * as it is. {@link CharClasses#ALL} (the default) when any value may change.
     */
    default long triggers() {
        return CharClasses.ALL;
    }

    /**
     * The classes among {@link #triggers} whose only effect is on letter case ({@code t:lowercase} lowers upper-case
     * letters): a value whose other classes trigger nothing comes out equal but for the case of its letters.
     */
    default long caseTriggers() {
        return 0;
    }
}
