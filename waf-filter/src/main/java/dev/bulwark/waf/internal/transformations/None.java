package dev.bulwark.waf.internal.transformations;

/**
 * {@code t:none}: clears the transformations inherited from {@code SecDefaultAction} and those listed before it in
 * the rule. The compiler handles that; applying it leaves the value as is.
 */
final class None implements Transformation {

    @Override
    public String name() {
        return "none";
    }

    @Override
    public long triggers() {
        return 0;
    }

    @Override
    public String apply(String value) {
        return value;
    }
}
