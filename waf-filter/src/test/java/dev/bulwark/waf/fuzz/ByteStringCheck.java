package dev.bulwark.waf.fuzz;

import java.nio.charset.StandardCharsets;

/**
 * The invariant every value in Bulwark keeps: a "byte string" has one char per request byte (U+0000..U+00FF). The fuzz
 * targets check it on everything a parser or transformation hands out, with a message that says where it broke.
 */
final class ByteStringCheck {

    private ByteStringCheck() {}

    /** The fuzzer's bytes as a byte string. */
    static String of(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** Fails when {@code value} (which may be null) has a char above U+00FF. */
    static void check(String what, String value) {
        if (value == null) {
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0xFF) {
                throw new AssertionError(what + " is not a byte string: char U+" + Integer.toHexString(c)
                        + " at index " + i + " of " + value.length());
            }
        }
    }

    /** Fails when {@code value} is null or not a byte string. */
    static void checkNonNull(String what, String value) {
        if (value == null) {
            throw new AssertionError(what + " is null");
        }
        check(what, value);
    }
}
