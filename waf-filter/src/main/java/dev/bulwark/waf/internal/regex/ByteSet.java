package dev.bulwark.waf.internal.regex;

import java.util.Arrays;

/**
 * An immutable set of chars 0..255 (the only chars a byte string holds), as a 256-bit mask. The fast matcher's
 * character classes, literals and {@code .} all become one of these.
 */
final class ByteSet {

    static final ByteSet EMPTY = new ByteSet(new long[4]);
    static final ByteSet ALL = EMPTY.complement();

    private final long[] bits;

    private ByteSet(long[] bits) {
        this.bits = bits;
    }

    static ByteSet of(int c) {
        return range(c, c);
    }

    /** Chars {@code lo..hi}, clipped to 0..255 (a range entirely above 255 gives the empty set). */
    static ByteSet range(int lo, int hi) {
        long[] b = new long[4];
        for (int c = Math.max(lo, 0); c <= Math.min(hi, 255); c++) {
            b[c >>> 6] |= 1L << c;
        }
        return new ByteSet(b);
    }

    boolean contains(int c) {
        return c >= 0 && c < 256 && (bits[c >>> 6] & (1L << c)) != 0;
    }

    boolean isEmpty() {
        return (bits[0] | bits[1] | bits[2] | bits[3]) == 0;
    }

    ByteSet union(ByteSet other) {
        long[] b = new long[4];
        for (int i = 0; i < 4; i++) {
            b[i] = bits[i] | other.bits[i];
        }
        return new ByteSet(b);
    }

    ByteSet complement() {
        long[] b = new long[4];
        for (int i = 0; i < 4; i++) {
            b[i] = ~bits[i];
        }
        return new ByteSet(b);
    }

    /** This set plus every char that RE2/J's {@code (?i)} makes equivalent to a member (see {@link CaseFolding}). */
    ByteSet caseFolded() {
        long[] b = bits.clone();
        for (int c = 0; c < 256; c++) {
            if (contains(c)) {
                int other = CaseFolding.otherCase(c);
                if (other >= 0) {
                    b[other >>> 6] |= 1L << other;
                }
            }
        }
        return new ByteSet(b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteSet other && Arrays.equals(bits, other.bits);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bits);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int c = 0; c < 256; c++) {
            if (contains(c)) {
                int end = c;
                while (end + 1 < 256 && contains(end + 1)) {
                    end++;
                }
                appendChar(sb, c);
                if (end > c) {
                    sb.append('-');
                    appendChar(sb, end);
                }
                c = end;
            }
        }
        return sb.append(']').toString();
    }

    private static void appendChar(StringBuilder sb, int c) {
        if (c > 0x20 && c < 0x7f && c != '-' && c != ']' && c != '\\') {
            sb.append((char) c);
        } else {
            sb.append(String.format("\\x%02x", c));
        }
    }
}
