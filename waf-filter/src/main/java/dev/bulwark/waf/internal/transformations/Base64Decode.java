package dev.bulwark.waf.internal.transformations;

/**
 * {@code t:base64Decode}: decodes standard Base64 as ModSecurity v2 does (APR's decoder): decoding stops at the
 * first byte outside the alphabet {@code A-Z a-z 0-9 + /} (so at the padding, a space, a NUL, or a URL-safe
 * {@code -}/{@code _}); what comes before it is decoded, a final incomplete group contributing the whole bytes it
 * holds. Invalid input therefore gives a shorter or empty result, never an error.
 *
 * <p>Example: {@code "VGVzdENhc2U=\x00VGVzdENhc2U="} becomes {@code "TestCase"}.
 */
final class Base64Decode implements Transformation {

    @Override
    public String name() {
        return "base64Decode";
    }

    @Override
    public String apply(String value) {
        int length = 0;
        while (length < value.length() && Base64Alphabet.value(value.charAt(length)) >= 0) {
            length++;
        }
        char[] out = Scratch.chars(length * 3 / 4);
        int n = 0;
        int bits = 0;
        int count = 0;
        for (int i = 0; i < length; i++) {
            bits = (bits << 6) | Base64Alphabet.value(value.charAt(i));
            count += 6;
            if (count >= 8) {
                count -= 8;
                out[n++] = (char) ((bits >> count) & 0xFF);
            }
        }
        return ByteStrings.sameOrNew(value, out, n);
    }
}
