package dev.bulwark.waf.internal.transformations;

/**
 * {@code t:base64DecodeExt}: a forgiving Base64 decoder, as ModSecurity's {@code decode_base64_ext}: bytes outside
 * the alphabet are skipped (so {@code "P.HNj"} decodes like {@code "PHNj"}), decoding ends at a NUL byte, and a
 * {@code =} standing where no padding can be (right after the first character of a group, not followed by another
 * {@code =}) makes the whole result empty. A final incomplete group contributes the whole bytes it holds.
 *
 * <p>Example: {@code "P.HNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="} becomes {@code "<script>alert(1)</script>"}.
 */
final class Base64DecodeExt implements Transformation {

    @Override
    public String name() {
        return "base64DecodeExt";
    }

    @Override
    public String apply(String value) {
        int n = value.length();
        char[] out = new char[n * 3 / 4 + 1];
        int length = 0;
        int sextets = 0;
        int bits = 0;
        int count = 0;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c == '\0') {
                break;
            }
            if (c == '=') {
                boolean nextIsPad = i + 1 < n && value.charAt(i + 1) == '=';
                if (!nextIsPad && sextets % 4 == 1) {
                    return "";
                }
                continue;
            }
            int v = Base64Alphabet.value(c);
            if (v < 0) {
                continue;
            }
            sextets++;
            bits = (bits << 6) | v;
            count += 6;
            if (count >= 8) {
                count -= 8;
                out[length++] = (char) ((bits >> count) & 0xFF);
            }
        }
        return ByteStrings.sameOrNew(value, out, length);
    }
}
