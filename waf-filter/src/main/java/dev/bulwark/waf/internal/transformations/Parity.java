package dev.bulwark.waf.internal.transformations;

/**
 * The parity bit arithmetic of the {@code parity*7bit} transformations. As in ModSecurity, the parity is that of all
 * eight bits of the input byte (its high bit included), and the result keeps the low seven bits.
 */
final class Parity {

    private Parity() {}

    /** Each byte with bit 7 set when {@code highBitWhenOdd} equals "the byte has an odd number of one bits". */
    static String apply(String value, boolean highBitWhenOdd) {
        char[] out = null;
        int n = value.length();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            boolean odd = (Integer.bitCount(c) & 1) == 1;
            char p = odd == highBitWhenOdd ? (char) (c | 0x80) : (char) (c & 0x7F);
            if (p != c) {
                if (out == null) {
                    out = value.toCharArray();
                }
                out[i] = p;
            }
        }
        return out == null ? value : new String(out);
    }
}
