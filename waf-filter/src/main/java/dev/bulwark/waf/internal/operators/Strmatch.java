package dev.bulwark.waf.internal.operators;

/**
 * {@code @strmatch text}: matches when the text occurs anywhere in the value (case-sensitive). Unlike
 * {@code @contains}, the text is fixed at load and written in ModSecurity's phrase syntax ({@code |hex|} bytes,
 * {@code \\} escapes; see {@link PhraseSyntax}); macros are not expanded. An empty text or an unknown escape is a load
 * error.
 *
 * <p>Example: {@code SecRule REQUEST_BODY "@strmatch |00|" "id:1,deny"} (a NUL byte in the body).
 */
final class Strmatch implements Operator {

    private final String source;
    private final String text;

    Strmatch(OperatorArgument argument) throws OperatorException {
        this.source = argument.text();
        String unquoted = PhraseSyntax.unwrap(source);
        if (!PhraseSyntax.hasOnlyKnownEscapes(unquoted)) {
            throw new OperatorException("@strmatch: unsupported escape sequence in \""
                    + ByteChars.escapeForMessage(source) + "\" (known: \\\\ \\\" \\: \\;)");
        }
        this.text = PhraseSyntax.decodePhrase(unquoted);
        if (text.isEmpty()) {
            throw new OperatorException("@strmatch needs a non-empty text");
        }
    }

    @Override
    public boolean matches(OperatorContext context, String value) {
        return value.contains(text);
    }

    @Override
    public String toString() {
        return "@strmatch " + source;
    }
}
