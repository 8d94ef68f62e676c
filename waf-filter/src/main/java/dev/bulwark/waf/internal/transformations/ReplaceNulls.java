package dev.bulwark.waf.internal.transformations;

/**
 * {@code t:replaceNulls}: replaces every NUL byte with a space.
 *
 * <p>Example: {@code "Test\x00Case"} becomes {@code "Test Case"}.
 */
final class ReplaceNulls implements Transformation {

    @Override
    public String name() {
        return "replaceNulls";
    }

    @Override
    public long triggers() {
        return CharClasses.NUL;
    }

    @Override
    public String apply(String value) {
        return value.indexOf('\0') < 0 ? value : value.replace('\0', ' ');
    }
}
