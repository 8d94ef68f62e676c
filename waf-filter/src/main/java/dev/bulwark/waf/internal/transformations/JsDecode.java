package dev.bulwark.waf.internal.transformations;

/**
 * {@code t:jsDecode}: decodes JavaScript escapes as ModSecurity does, one byte per escape:
 * <ul>
 *   <li><code>&#92;uHHHH</code>: the low byte, full-width ASCII (<code>&#92;uFF01</code>..<code>&#92;uFF5E</code>)
 *       mapped to ASCII;</li>
 *   <li>{@code \xHH}: that byte;</li>
 *   <li>{@code \OOO}: up to three octal digits, only two when a third would overflow a byte ({@code \400} is
 *       {@code \40} then {@code 0});</li>
 *   <li>{@code \a \b \f \n \r \t \v}: the control characters; any other {@code \c}: {@code c} (so an incomplete
 *       {@code \x} or <code>&#92;u</code> leaves {@code x} or {@code u});</li>
 *   <li>a backslash at the very end is kept.</li>
 * </ul>
 *
 * <p>Example: <code>"\x3cscript&#92;u003E\bc"</code> becomes <code>"&lt;script&gt;\x08c"</code>.
 */
final class JsDecode implements Transformation {

    private static final long TRIGGERS = CharClasses.punctuation("\\");

    @Override
    public String name() {
        return "jsDecode";
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
        char[] out = Scratch.chars(n);
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
            if (next == 'u' && ByteStrings.isHexRun(value, i + 2, 4)) {
                out[length++] = UnicodeEscapes.lowByte(value, i + 2);
                i += 6;
            } else if (next == 'x' && ByteStrings.isHexRun(value, i + 2, 2)) {
                out[length++] = ByteStrings.hexByte(value.charAt(i + 2), value.charAt(i + 3));
                i += 4;
            } else if (ByteStrings.isOctalDigit(next)) {
                int digits = 1;
                while (digits < 3 && i + 1 + digits < n && ByteStrings.isOctalDigit(value.charAt(i + 1 + digits))) {
                    digits++;
                }
                if (digits == 3 && next > '3') {
                    digits = 2;
                }
                int code = 0;
                for (int d = 0; d < digits; d++) {
                    code = code * 8 + (value.charAt(i + 1 + d) - '0');
                }
                out[length++] = (char) code;
                i += 1 + digits;
            } else {
                out[length++] = control(next);
                i += 2;
            }
        }
        return ByteStrings.sameOrNew(value, out, length);
    }

    /** The byte a C-style {@code \c} escape stands for; {@code c} itself when it is not a control letter. */
    static char control(char c) {
        return switch (c) {
            case 'a' -> '\u0007';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'v' -> '\u000b';
            default -> c;
        };
    }
}
