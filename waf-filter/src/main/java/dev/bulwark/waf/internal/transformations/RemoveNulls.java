package dev.bulwark.waf.internal.transformations;

/**
 * {@code t:removeNulls}: deletes every NUL byte.
 *
 * <p>Example: {@code "Te\x00st\x00"} becomes {@code "Test"}.
 */
final class RemoveNulls implements Transformation {

    @Override
    public String name() {
        return "removeNulls";
    }

    @Override
    public long triggers() {
        return CharClasses.NUL;
    }

    @Override
    public String apply(String value) {
        int first = value.indexOf('\0');
        if (first < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() - 1);
        out.append(value, 0, first);
        for (int i = first + 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\0') {
                out.append(c);
            }
        }
        return out.toString();
    }
}
