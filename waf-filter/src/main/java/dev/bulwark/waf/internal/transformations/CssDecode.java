package dev.bulwark.waf.internal.transformations;

/**
 * {@code t:cssDecode}: decodes CSS 2 escapes as ModSecurity does, one byte per escape:
 * <ul>
 *   <li>a backslash followed by one to six hex digits: one digit gives its value, more give the byte of the last two
 *       digits; with four digits, or five or six whose leading extra digits are zeros, full-width ASCII
 *       ({@code ff01}..{@code ff5e}) becomes the ASCII character; one whitespace byte after the digits is
 *       swallowed;</li>
 *   <li>a backslash before a newline: both are removed (line continuation); a backslash at the end is removed;</li>
 *   <li>a backslash before any other byte: the backslash is removed.</li>
 * </ul>
 *
 * <p>Example: {@code "\3C script\ff1e"} becomes {@code "<script>"}.
 */
final class CssDecode implements Transformation {

    private static final long TRIGGERS = CharClasses.punctuation("\\");

    @Override
    public String name() {
        return "cssDecode";
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
            if (c != '\\') {
                out[length++] = c;
                i++;
                continue;
            }
            i++; // the backslash itself is never kept
            if (i == n) {
                break;
            }
            int digits = 0;
            while (digits < 6 && i + digits < n && ByteStrings.isHexDigit(value.charAt(i + digits))) {
                digits++;
            }
            if (digits > 0) {
                out[length++] = escapedByte(value, i, digits);
                i += digits;
                if (i < n && ByteStrings.isSpace(value.charAt(i))) {
                    i++;
                }
            } else if (value.charAt(i) == '\n') {
                i++;
            } else {
                out[length++] = value.charAt(i++);
            }
        }
        return ByteStrings.sameOrNew(value, out, length);
    }

    /** The byte for {@code digits} hex digits at {@code s[at..)}. */
    private static char escapedByte(String s, int at, int digits) {
        if (digits == 1) {
            return (char) ByteStrings.hexValue(s.charAt(at));
        }
        int end = at + digits;
        char low = ByteStrings.hexByte(s.charAt(end - 2), s.charAt(end - 1));
        boolean fullWidthCheck = digits == 4
                || (digits == 5 && s.charAt(at) == '0')
                || (digits == 6 && s.charAt(at) == '0' && s.charAt(at + 1) == '0');
        return fullWidthCheck ? UnicodeEscapes.fullWidth(s.charAt(end - 4), s.charAt(end - 3), low) : low;
    }
}
