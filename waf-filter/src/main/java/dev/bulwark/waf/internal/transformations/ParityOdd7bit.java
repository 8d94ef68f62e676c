package dev.bulwark.waf.internal.transformations;

/**
 * {@code t:parityOdd7bit}: sets bit 7 of each byte so that the byte has odd parity (bit 7 set when the byte, as
 * received, has an even number of one bits; cleared otherwise).
 *
 * <p>Example: {@code "abc"} becomes {@code "ab\xE3"}.
 */
final class ParityOdd7bit implements Transformation {

    @Override
    public String name() {
        return "parityOdd7bit";
    }

    @Override
    public String apply(String value) {
        return Parity.apply(value, false);
    }
}
