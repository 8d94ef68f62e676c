package dev.bulwark.waf.internal.libinjection;

/**
 * Second opinion on fingerprints of two or three tokens, which are too short to tell an attack from ordinary text
 * on shape alone. Looks at the tokens themselves and at how much folding happened, as libinjection's published
 * false-positive reduction does: {@code 1 or 2} is text, {@code 1 or 1=1} is not; {@code 1234 --} is a probe, a
 * base64-looking {@code 1234-ABC--} is not.
 */
final class ShortShapeCheck {

    private ShortShapeCheck() {}

    /** False when the reading, although shaped like an injection, is most likely harmless. */
    static boolean confirms(SqliReading reading) {
        String fp = reading.fingerprint;
        int length = fp.length();
        String input = reading.input;

        if (length > 1 && fp.charAt(length - 1) == TokenType.COMMENT && input.contains("sp_password")) {
            // SQL Server keeps statements mentioning sp_password out of its logs: a known way to hide.
            return true;
        }
        if (length == 2) {
            return confirmsPair(reading);
        }
        if (length == 3) {
            return confirmsTriple(reading);
        }
        return true;
    }

    private static boolean confirmsPair(SqliReading reading) {
        SqlToken first = reading.token(0);
        SqlToken second = reading.token(1);
        String input = reading.input;
        if (second.type == TokenType.UNION) {
            // "1 union" on its own is text; with anything folded or commented away it is a probe.
            return reading.tokenCount != 2;
        }
        if (second.firstChar() == '#') {
            return false;
        }
        if (first.type == TokenType.BAREWORD && second.type == TokenType.COMMENT && second.firstChar() != '/') {
            return false;
        }
        if (first.type == TokenType.NUMBER && second.type == TokenType.COMMENT) {
            if (second.firstChar() == '/' || reading.tokenCount > 2) {
                return true;
            }
            // "1234 --" or "1234--" is a probe; "1234-ABC--" (read as 1234 then a comment) is an identifier.
            int after = first.len;
            char c = charAt(input, after);
            if (c <= ' ') {
                return true;
            }
            char next = charAt(input, after + 1);
            return (c == '/' && next == '*') || (c == '-' && next == '-');
        }
        // "x -- some remark" is prose; only a bare "--" at the end is a probe.
        return !(second.len > 2 && second.firstChar() == '-');
    }

    private static boolean confirmsTriple(SqliReading reading) {
        String fp = reading.fingerprint;
        SqlToken first = reading.token(0);
        SqlToken middle = reading.token(1);
        SqlToken last = reading.token(2);
        if (fp.equals("sos") || fp.equals("s&s")) {
            // Only ...x" + "y... : a quote context closed, then reopened by the input itself.
            return first.strOpen == TokenType.NONE && last.strClose == TokenType.NONE
                    && first.strClose == last.strOpen;
        }
        if (fp.equals("s&n") || fp.equals("n&1") || fp.equals("1&1") || fp.equals("1&v") || fp.equals("1&s")) {
            // "x and 17" is text; "x and 17<18" folded into the same shape is not.
            return reading.tokenCount != 3;
        }
        if (middle.type == TokenType.KEYWORD) {
            // Only MySQL's INTO OUTFILE / INTO DUMPFILE make "value keyword value" dangerous.
            return middle.len >= 5 && middle.startsWith("INTO");
        }
        return true;
    }

    private static char charAt(String s, int i) {
        return i < s.length() ? s.charAt(i) : '\0';
    }
}
