package dev.bulwark.waf.internal.transformations;

/**
 * {@code t:parityEven7bit}: sets bit 7 of each byte so that the byte has even parity (bit 7 set when the byte, as
 * received, has an odd number of one bits; cleared otherwise).
 *
 * <p>Example: {@code "abc"} becomes {@code "\xE1\xE2c"}.
 */
final class ParityEven7bit implements Transformation {

    @Override
    public String name() {
        return "parityEven7bit";
    }

    @Override
    public String apply(String value) {
        return Parity.apply(value, true);
    }
}
