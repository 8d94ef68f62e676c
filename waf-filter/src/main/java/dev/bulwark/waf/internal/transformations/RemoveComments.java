package dev.bulwark.waf.internal.transformations;

/**
 * {@code t:removeComments}: removes comments as ModSecurity v2 does, including its quirks, which its own vectors
 * pin down:
 * <ul>
 *   <li>{@code /* ... *}{@code /} and {@code <!-- ... -->} are removed; the byte right after a comment's end is
 *       copied without being examined, and when the comment ends the value that byte is a NUL (ModSecurity copies
 *       the string terminator), so {@code "/* x *}{@code /"} becomes {@code "\x00"};</li>
 *   <li>an unterminated comment becomes one space;</li>
 *   <li>{@code --} or {@code #} outside a comment ends the value there (the rest is dropped).</li>
 * </ul>
 *
 * <p>Example: {@code "Before/* TestCase *}{@code /After"} becomes {@code "BeforeAfter"}.
 */
final class RemoveComments implements Transformation {

    private static final long TRIGGERS = CharClasses.punctuation("/-#");

    @Override
    public String name() {
        return "removeComments";
    }

    @Override
    public long triggers() {
        return TRIGGERS;
    }

    @Override
    public String apply(String value) {
        if (value.indexOf("/*") < 0 && value.indexOf("<!--") < 0 && value.indexOf("--") < 0
                && value.indexOf('#') < 0) {
            return value;
        }
        int n = value.length();
        StringBuilder out = new StringBuilder(n);
        boolean inComment = false;
        int i = 0;
        while (i < n) {
            char c = value.charAt(i);
            if (!inComment) {
                if (value.startsWith("/*", i)) {
                    inComment = true;
                    i += 2;
                } else if (value.startsWith("<!--", i)) {
                    inComment = true;
                    i += 4;
                } else if (c == '#' || value.startsWith("--", i)) {
                    break;
                } else {
                    out.append(c);
                    i++;
                }
            } else if (value.startsWith("*/", i)) {
                inComment = false;
                i = copyAfterComment(value, i + 2, out);
            } else if (value.startsWith("-->", i)) {
                inComment = false;
                i = copyAfterComment(value, i + 3, out);
            } else {
                i++;
            }
        }
        if (inComment) {
            out.append(' ');
        }
        return ByteStrings.sameOrNew(value, out);
    }

    /** Copies the byte at {@code i} unexamined (NUL at the end of the value); returns the next index. */
    private static int copyAfterComment(String value, int i, StringBuilder out) {
        out.append(i < value.length() ? value.charAt(i) : '\0');
        return i + 1;
    }
}
