package dev.bulwark.waf.internal.transformations;

/**
 * {@code t:trimLeft}: removes leading whitespace (C {@code isspace()}: space, tab, LF, VT, FF, CR; not NUL, not
 * NBSP).
 *
 * <p>Example: {@code " \t Test Case "} becomes {@code "Test Case "}.
 */
final class TrimLeft implements Transformation {

    @Override
    public String name() {
        return "trimLeft";
    }

    @Override
    public long triggers() {
        return CharClasses.WHITESPACE;
    }

    @Override
    public String apply(String value) {
        return value.substring(start(value));
    }

    /** Index of the first non-space byte (the length when there is none). */
    static int start(String value) {
        int i = 0;
        while (i < value.length() && ByteStrings.isSpace(value.charAt(i))) {
            i++;
        }
        return i;
    }
}
