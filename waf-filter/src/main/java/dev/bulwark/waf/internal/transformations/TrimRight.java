package dev.bulwark.waf.internal.transformations;

/**
 * {@code t:trimRight}: removes trailing whitespace (C {@code isspace()}: space, tab, LF, VT, FF, CR; not NUL, not
 * NBSP).
 *
 * <p>Example: {@code " Test Case \r\n"} becomes {@code " Test Case"}.
 */
final class TrimRight implements Transformation {

    @Override
    public String name() {
        return "trimRight";
    }

    @Override
    public long triggers() {
        return CharClasses.WHITESPACE;
    }

    @Override
    public String apply(String value) {
        return value.substring(0, end(value, 0));
    }

    /** Index after the last non-space byte at or after {@code start} ({@code start} when there is none). */
    static int end(String value, int start) {
        int i = value.length();
        while (i > start && ByteStrings.isSpace(value.charAt(i - 1))) {
            i--;
        }
        return i;
    }
}
