package dev.bulwark.waf.internal.transformations;

/**
 * {@code t:trim}: removes leading and trailing whitespace (C {@code isspace()}: space, tab, LF, VT, FF, CR; not NUL,
 * not NBSP).
 *
 * <p>Example: {@code " \t Test Case \r\n"} becomes {@code "Test Case"}.
 */
final class Trim implements Transformation {

    @Override
    public String name() {
        return "trim";
    }

    @Override
    public long triggers() {
        return CharClasses.WHITESPACE;
    }

    @Override
    public String apply(String value) {
        int start = TrimLeft.start(value);
        return value.substring(start, TrimRight.end(value, start));
    }
}
