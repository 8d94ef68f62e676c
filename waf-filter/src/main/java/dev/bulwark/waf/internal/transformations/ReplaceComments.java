package dev.bulwark.waf.internal.transformations;

/**
 * {@code t:replaceComments}: replaces each C-style comment {@code /* ... *}{@code /} with a single space. An
 * unterminated comment also becomes one space; a stray {@code *}{@code /} is left alone.
 *
 * <p>Example: {@code "UNION/**}{@code /SELECT"} becomes {@code "UNION SELECT"}.
 */
final class ReplaceComments implements Transformation {

    private static final long TRIGGERS = CharClasses.punctuation("/");

    @Override
    public String name() {
        return "replaceComments";
    }

    @Override
    public long triggers() {
        return TRIGGERS;
    }

    @Override
    public String apply(String value) {
        int start = value.indexOf("/*");
        if (start < 0) {
            return value;
        }
        int n = value.length();
        StringBuilder out = new StringBuilder(n);
        int i = 0;
        while (start >= 0) {
            out.append(value, i, start).append(' ');
            int close = value.indexOf("*/", start + 2);
            if (close < 0) {
                return out.toString();
            }
            i = close + 2;
            start = value.indexOf("/*", i);
        }
        return out.append(value, i, n).toString();
    }
}
