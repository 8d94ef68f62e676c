package dev.bulwark.waf.internal.operators;

/**
 * {@code @validateByteRange ranges}: matches when the value contains a byte outside the allowed set. The set is a
 * comma-separated list of byte values ({@code 10}) and inclusive ranges ({@code 32-126}), each between 0 and 255.
 * Numbers are read like C {@code atoi}, as ModSecurity does, so a word such as {@code xxx} reads as 0; a value or range
 * outside 0..255, or a range whose start is above its end, is rejected at load. An empty list allows nothing.
 *
 * <p>Example: {@code SecRule ARGS "@validateByteRange 9,10,13,32-126,128-255" "id:1,deny"}.
 */
final class ValidateByteRange implements Operator {

    private final String ranges;
    /** Bit {@code b} set when byte {@code b} is allowed. */
    private final long[] allowed = new long[4];

    ValidateByteRange(OperatorArgument argument) throws OperatorException {
        this.ranges = argument.text();
        for (String item : ranges.split(",")) {
            if (item.isEmpty()) {
                continue; // ModSecurity's tokenizer skips empty items ("1,,2")
            }
            int dash = item.indexOf('-');
            if (dash < 0) {
                int single = byteValue(ByteChars.atoi(item), "value", item);
                allow(single, single);
            } else {
                // like ModSecurity, the start is read from the whole item: "-5" is a start of -5, not 0 to 5
                int start = byteValue(ByteChars.atoi(item), "range start", item);
                int end = byteValue(ByteChars.atoi(item.substring(dash + 1)), "range end", item);
                if (start > end) {
                    throw new OperatorException("@validateByteRange: invalid range \"" + item
                            + "\": the start is above the end");
                }
                allow(start, end);
            }
        }
    }

    private static int byteValue(long value, String what, String item) throws OperatorException {
        if (value < 0 || value > 255) {
            throw new OperatorException("@validateByteRange: invalid " + what + " " + value + " in \""
                    + ByteChars.escapeForMessage(item) + "\": byte values are 0 to 255");
        }
        return (int) value;
    }

    private void allow(int start, int end) {
        for (int b = start; b <= end; b++) {
            allowed[b >>> 6] |= 1L << b;
        }
    }

    @Override
    public boolean matches(OperatorContext context, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0xff || (allowed[c >>> 6] & (1L << c)) == 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "@validateByteRange " + ranges;
    }

    @Override
    public boolean valueDetermined() {
        return true;
    }
}
