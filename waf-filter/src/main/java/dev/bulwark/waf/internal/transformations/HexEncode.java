package dev.bulwark.waf.internal.transformations;

/**
 * {@code t:hexEncode}: writes each byte as two lower-case hex digits.
 *
 * <p>Example: {@code "Test\x00"} becomes {@code "5465737400"}.
 */
final class HexEncode implements Transformation {

    @Override
    public String name() {
        return "hexEncode";
    }

    @Override
    public String apply(String value) {
        if (value.isEmpty()) {
            return value;
        }
        char[] out = new char[value.length() * 2];
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            out[2 * i] = ByteStrings.HEX_DIGITS.charAt(c >> 4);
            out[2 * i + 1] = ByteStrings.HEX_DIGITS.charAt(c & 0xF);
        }
        return new String(out);
    }
}
