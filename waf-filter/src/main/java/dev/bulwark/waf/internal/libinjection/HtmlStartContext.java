package dev.bulwark.waf.internal.libinjection;

/**
 * Where in an HTML document a value is assumed to be echoed, which sets the state the tokenizer starts in. A value
 * that is harmless as text may break out of an attribute value: {@code " onclick="x} is plain text in
 * {@link #TEXT} but adds an event handler after a double-quoted value.
 */
enum HtmlStartContext {
    /** Between tags, e.g. {@code <p>VALUE</p>}. */
    TEXT,
    /** An unquoted attribute value, e.g. {@code <a title=VALUE>}: attribute names may follow at once. */
    UNQUOTED_VALUE,
    /** Inside {@code '...'}. */
    SINGLE_QUOTED_VALUE,
    /** Inside {@code "..."}. */
    DOUBLE_QUOTED_VALUE,
    /** Inside {@code `...`}, which old Internet Explorer accepted as quotes. */
    BACKTICK_QUOTED_VALUE
}
