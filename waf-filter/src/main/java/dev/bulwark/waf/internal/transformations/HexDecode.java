package dev.bulwark.waf.internal.transformations;

/**
 * {@code t:hexDecode}: reads the value as pairs of hex digits, one byte per pair. As in ModSecurity, nothing is
 * validated: a trailing odd character is dropped, and a pair with a non-hex character still yields the byte
 * ModSecurity's digit arithmetic gives it ({@code "0z"} is {@code 0x23}).
 *
 * <p>Example: {@code "5465737443617365"} becomes {@code "TestCase"}.
 */
final class HexDecode implements Transformation {

    @Override
    public String name() {
        return "hexDecode";
    }

    @Override
    public String apply(String value) {
        int pairs = value.length() / 2;
        char[] out = new char[pairs];
        for (int i = 0; i < pairs; i++) {
            out[i] = ByteStrings.hexByte(value.charAt(2 * i), value.charAt(2 * i + 1));
        }
        return ByteStrings.sameOrNew(value, out, pairs);
    }
}
