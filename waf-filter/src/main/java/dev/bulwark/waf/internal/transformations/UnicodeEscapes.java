package dev.bulwark.waf.internal.transformations;

/**
 * How ModSecurity reduces a 16-bit escape ({@code %uXXXX}, <code>&#92;uXXXX</code>, a CSS escape of four or more
 * digits) to one byte: the low byte of the code point, plus 0x20 for full-width ASCII (U+FF01..U+FF5E), which then
 * maps to the ASCII character it stands for (U+FF01 to {@code !}, U+FF5E to {@code ~}).
 */
final class UnicodeEscapes {

    private UnicodeEscapes() {}

    /** The byte for the four hex digits at {@code s[at..at+4)} (all of them must be hex digits). */
    static char lowByte(String s, int at) {
        char low = ByteStrings.hexByte(s.charAt(at + 2), s.charAt(at + 3));
        return fullWidth(s.charAt(at), s.charAt(at + 1), low);
    }

    /** {@code low} plus 0x20 when the two high digits are {@code ff} (any case) and {@code low} is 0x01..0x5E. */
    static char fullWidth(char high1, char high2, char low) {
        boolean ff = (high1 == 'f' || high1 == 'F') && (high2 == 'f' || high2 == 'F');
        return ff && low > 0x00 && low < 0x5F ? (char) (low + 0x20) : low;
    }
}
