package dev.bulwark.waf.internal.transformations;

/** The standard Base64 alphabet (RFC 4648 section 4) as a lookup from byte to 6-bit value. */
final class Base64Alphabet {

    private static final byte[] VALUES = new byte[256];

    static {
        java.util.Arrays.fill(VALUES, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            VALUES[alphabet.charAt(i)] = (byte) i;
        }
    }

    private Base64Alphabet() {}

    /** The 6-bit value of {@code c}, or -1 when it is not in the alphabet (padding included). */
    static int value(char c) {
        return c < 256 ? VALUES[c] : -1;
    }
}
