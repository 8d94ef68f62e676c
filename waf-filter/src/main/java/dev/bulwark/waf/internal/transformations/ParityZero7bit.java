package dev.bulwark.waf.internal.transformations;

/**
 * {@code t:parityZero7bit}: clears bit 7 of every byte.
 *
 * <p>Example: {@code "\xC1\xE2c"} becomes {@code "Abc"}.
 */
final class ParityZero7bit implements Transformation {

    @Override
    public String name() {
        return "parityZero7bit";
    }

    @Override
    public String apply(String value) {
        char[] out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0x7F) {
                if (out == null) {
                    out = value.toCharArray();
                }
                out[i] = (char) (c & 0x7F);
            }
        }
        return out == null ? value : new String(out);
    }
}
