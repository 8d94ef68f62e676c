package dev.bulwark.waf.internal.transformations;

/**
 * {@code t:escapeSeqDecode}: decodes ANSI C escape sequences as ModSecurity does:
 * {@code \a \b \f \n \r \t \v \\ \? \' \"}, {@code \xHH} (exactly two hex digits, either case of {@code x}) and
 * {@code \O}, {@code \OO}, {@code \OOO} (octal, kept to its low byte, so {@code \666} is {@code \xB6}). Any other
 * escape, an incomplete {@code \x} included, loses its backslash; a backslash at the very end is kept.
 *
 * <p>Example: {@code "\x41\102\t\q"} becomes {@code "AB\x09q"}.
 */
final class EscapeSeqDecode implements Transformation {

    private static final long TRIGGERS = CharClasses.punctuation("\\");

    @Override
    public String name() {
        return "escapeSeqDecode";
    }

    @Override
    public long triggers() {
        return TRIGGERS;
    }

    @Override
    public String apply(String value) {
        int n = value.length();
        int i = value.indexOf('\\');
        if (i < 0) {
            return value;
        }
        char[] out = new char[n];
        value.getChars(0, i, out, 0);
        int length = i;
        while (i < n) {
            char c = value.charAt(i);
            if (c != '\\' || i + 1 == n) {
                out[length++] = c;
                i++;
                continue;
            }
            char next = value.charAt(i + 1);
            if ((next == 'x' || next == 'X') && ByteStrings.isHexRun(value, i + 2, 2)) {
                out[length++] = ByteStrings.hexByte(value.charAt(i + 2), value.charAt(i + 3));
                i += 4;
            } else if (ByteStrings.isOctalDigit(next)) {
                int digits = 1;
                int code = next - '0';
                while (digits < 3 && i + 1 + digits < n && ByteStrings.isOctalDigit(value.charAt(i + 1 + digits))) {
                    code = code * 8 + (value.charAt(i + 1 + digits) - '0');
                    digits++;
                }
                out[length++] = (char) (code & 0xFF);
                i += 1 + digits;
            } else {
                // A control letter, or an escape ModSecurity does not know: the byte after the backslash.
                out[length++] = JsDecode.control(next);
                i += 2;
            }
        }
        return ByteStrings.sameOrNew(value, out, length);
    }
}
