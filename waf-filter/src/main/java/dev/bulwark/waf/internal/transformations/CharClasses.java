package dev.bulwark.waf.internal.transformations;

/**
 * The kinds of byte a value holds, as a set of bits: one bit per ASCII punctuation char, and one each for upper-case
 * letters, lower-case letters, digits, the space, the other C whitespace ({@code \t \n \v \f \r}), NUL, the other
 * control bytes and bytes 0x80..0xFF; plus {@link #ANY}, which every value has. One scan of a value tells which
 * transformations can change it at all ({@link Transformation#triggers}): a benign value without {@code %},
 * {@code &} or a backslash is left as it is by every decoder, and a chain of such steps needs no run.
 *
 * <p>Example: {@code of("Blue shoes")} is {@code ANY | UPPER | LOWER | SPACE}; {@code t:urlDecodeUni} (triggered by
 * {@code %} and {@code +}) cannot change it.
 */
public final class CharClasses {

    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    public static final long UPPER = 1L << 32;
    public static final long LOWER = 1L << 33;
    public static final long DIGIT = 1L << 34;
    public static final long SPACE = 1L << 35;
    /** {@code \t \n \v \f \r}: C whitespace other than the space. */
    public static final long OTHER_WHITESPACE = 1L << 36;
    public static final long NUL = 1L << 37;
    /** Control bytes other than NUL and whitespace, and DEL. */
    public static final long CONTROL = 1L << 38;
    /** Bytes 0x80..0xFF (NBSP among them). */
    public static final long HIGH = 1L << 39;
    /** Set for every value, the empty one included: triggers of {@link #ALL} hit any value. */
    public static final long ANY = 1L << 40;
    /** Every class, and what a value holding a char above 0xFF (not a byte string) gets. */
    public static final long ALL = (1L << 41) - 1;

    public static final long WHITESPACE = SPACE | OTHER_WHITESPACE;

    private static final long[] CLASS = new long[256];

    static {
        for (int c = 0; c < 256; c++) {
            long k;
            if (c >= 'A' && c <= 'Z') {
                k = UPPER;
            } else if (c >= 'a' && c <= 'z') {
                k = LOWER;
            } else if (c >= '0' && c <= '9') {
                k = DIGIT;
            } else if (c == ' ') {
                k = SPACE;
            } else if (c >= '\t' && c <= '\r') {
                k = OTHER_WHITESPACE;
            } else if (c == 0) {
                k = NUL;
            } else if (c < 0x20 || c == 0x7F) {
                k = CONTROL;
            } else if (c >= 0x80) {
                k = HIGH;
            } else {
                k = 1L << PUNCTUATION.indexOf(c);
            }
            CLASS[c] = k;
        }
    }

    private CharClasses() {}

    /** The classes of the bytes of {@code value}; {@link #ALL} when it holds a char above 0xFF. */
    public static long of(String value) {
        long classes = ANY;
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if (c > 0xFF) {
                return ALL;
            }
            classes |= CLASS[c];
        }
        return classes;
    }

    /** The classes of the given ASCII punctuation chars, for declaring {@link Transformation#triggers}. */
    static long punctuation(String chars) {
        long classes = 0;
        for (int i = 0; i < chars.length(); i++) {
            int bit = PUNCTUATION.indexOf(chars.charAt(i));
            if (bit < 0) {
                throw new IllegalArgumentException("not ASCII punctuation: " + chars.charAt(i));
            }
            classes |= 1L << bit;
        }
        return classes;
    }
}
