package dev.bulwark.waf.internal.transformations;

/**
 * {@code t:length}: replaces the value with its length in bytes, in decimal.
 *
 * <p>Example: {@code "Test\x00Case"} becomes {@code "9"}.
 */
final class Length implements Transformation {

    @Override
    public String name() {
        return "length";
    }

    @Override
    public String apply(String value) {
        String length = Integer.toString(value.length());
        return length.equals(value) ? value : length;
    }
}
