package dev.bulwark.waf.internal.transformations;

/**
 * {@code t:cmdLine}: normalises a command line against shell and Windows {@code cmd} evasions, as ModSecurity does:
 * <ul>
 *   <li>deletes {@code \ " ' ^};</li>
 *   <li>turns each run of spaces, tabs, CR, LF, {@code ,} and {@code ;} into one space;</li>
 *   <li>deletes a space right before {@code /} or {@code (};</li>
 *   <li>lowers ASCII letters.</li>
 * </ul>
 * The whole value is processed, NUL bytes included (libmodsecurity v3 does the same; ModSecurity v2 stops at the
 * first NUL, which would let {@code %00} hide the rest of a command).
 *
 * <p>Example: {@code "C^OMMAND /C DIR"} becomes {@code "command/c dir"}.
 */
final class CmdLine implements Transformation {

    private static final long TRIGGERS =
            CharClasses.punctuation("\\\"'^,;") | CharClasses.WHITESPACE | CharClasses.UPPER;

    @Override
    public String name() {
        return "cmdLine";
    }

    @Override
    public long triggers() {
        return TRIGGERS;
    }

    @Override
    public long caseTriggers() {
        return CharClasses.UPPER;
    }

    @Override
    public String apply(String value) {
        int n = value.length();
        char[] out = Scratch.chars(n);
        int length = 0;
        boolean space = false;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\', '"', '\'', '^' -> { }
                case ' ', ',', ';', '\t', '\r', '\n' -> {
                    if (!space) {
                        out[length++] = ' ';
                        space = true;
                    }
                }
                case '/', '(' -> {
                    if (space) {
                        length--;
                    }
                    space = false;
                    out[length++] = c;
                }
                default -> {
                    out[length++] = ByteStrings.toLower(c);
                    space = false;
                }
            }
        }
        return ByteStrings.sameOrNew(value, out, length);
    }
}
