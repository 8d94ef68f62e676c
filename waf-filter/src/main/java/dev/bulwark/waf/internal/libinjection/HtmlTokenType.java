package dev.bulwark.waf.internal.libinjection;

/** The kinds of token {@link HtmlTokenizer} reports; each token is a slice of the input. */
enum HtmlTokenType {
    /** Character data between tags, or the content of a {@code <![CDATA[...]]>} section. */
    TEXT,
    /** The name of a start tag ({@code script} in {@code <script src=x>}). */
    TAG_NAME,
    /** The {@code >} that ends a start tag. */
    TAG_END,
    /** The {@code />} that ends a self-closing start tag. */
    TAG_SELF_CLOSE,
    /** The name of an end tag immediately followed by {@code >} ({@code b} in {@code </b>}). */
    END_TAG_NAME,
    /** An attribute name. */
    ATTRIBUTE_NAME,
    /** An attribute value, without its quotes. */
    ATTRIBUTE_VALUE,
    /** The body of {@code <!--...-->}, {@code <?...>}, {@code <%...%>} or any other bogus comment. */
    COMMENT,
    /** A {@code <!DOCTYPE ...>} declaration, from the word {@code DOCTYPE} on. */
    DOCTYPE
}
