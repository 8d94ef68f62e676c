package dev.bulwark.waf.internal.regex;

/**
 * RE2/J's {@code (?i)} case folding, restricted to chars 0..255. RE2/J folds with Unicode simple case folding, so
 * besides ASCII letters it pairs the Latin-1 letters U+00C0..U+00DE (except U+00D7) with U+00E0..U+00FE (except
 * U+00F7). Every other Latin-1 char has no fold partner inside 0..255 (µ, ß and ÿ fold only to chars above 255).
 * {@code CaseFoldingTest} checks this table against RE2/J for all 256 x 256 pairs.
 *
 * <p>Some chars above 255 fold into 0..255 (U+212A KELVIN SIGN to k/K, U+017F LONG S to s/S, ...). The fast matcher
 * does not model those: a case-insensitive pattern char or class range above 255 that could fold makes the pattern
 * unsupported, and RE2/J evaluates it.
 */
final class CaseFolding {

    /** RE2/J's highest rune that takes part in case folding ({@code Unicode.MAX_FOLD}). */
    private static final int MAX_FOLDING_RUNE = 0x1044F;

    private CaseFolding() {}

    /** The other member of {@code c}'s fold pair within 0..255, or -1 when it has none. */
    static int otherCase(int c) {
        if (c >= 'A' && c <= 'Z') {
            return c + 32;
        }
        if (c >= 'a' && c <= 'z') {
            return c - 32;
        }
        if (c >= 0xC0 && c <= 0xDE && c != 0xD7) {
            return c + 32;
        }
        if (c >= 0xE0 && c <= 0xFE && c != 0xF7) {
            return c - 32;
        }
        return -1;
    }

    /** Whether some rune in {@code lo..hi} above 255 might fold to a char 0..255 under RE2/J's {@code (?i)}. */
    static boolean mayFoldIntoBytes(int lo, int hi) {
        return hi > 0xFF && Math.max(lo, 0x100) <= MAX_FOLDING_RUNE;
    }
}
