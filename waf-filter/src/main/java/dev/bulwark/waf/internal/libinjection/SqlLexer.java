package dev.bulwark.waf.internal.libinjection;

/**
 * Splits a byte string into SQL tokens, one token per call to {@link #next(SqlToken)}, the way libinjection's
 * published tokenizer does: it never fails, it reads any byte sequence as the tokens a permissive SQL parser would
 * see, across dialects (MySQL, SQL Server, PostgreSQL, Oracle, SQLite).
 *
 * <p>A lexer is created for one reading of one input under one {@link SqlContext} and is not thread-safe.
 */
final class SqlLexer {

    private static final byte WHITE = 0;
    private static final byte OPERATOR_1 = 1;
    private static final byte OPERATOR_2 = 2;
    private static final byte STRING = 3;
    private static final byte HASH = 4;
    private static final byte MONEY = 5;
    private static final byte SINGLE_CHAR = 6;
    private static final byte DASH = 7;
    private static final byte NUMBER = 8;
    private static final byte SLASH = 9;
    private static final byte OTHER = 10;
    private static final byte VARIABLE = 11;
    private static final byte WORD = 12;
    private static final byte B_STRING = 13;
    private static final byte E_STRING = 14;
    private static final byte N_STRING = 15;
    private static final byte Q_STRING = 16;
    private static final byte U_STRING = 17;
    private static final byte X_STRING = 18;
    private static final byte BRACKET_WORD = 19;
    private static final byte BACKSLASH = 20;
    private static final byte TICK = 21;

    /** Longest tag of a PostgreSQL $tag$ string. */
    private static final int MAX_DOLLAR_TAG = 64;

    /** What starts at each byte value. */
    private static final byte[] START = new byte[256];

    /** Bytes that end a word. */
    private static final boolean[] WORD_END = new boolean[256];

    /** Bytes that end a variable name after "@" or "@@". */
    private static final boolean[] VARIABLE_END = new boolean[256];

    static {
        for (int c = 0; c < 256; c++) {
            START[c] = WORD;
        }
        for (int c = 0; c <= 32; c++) {
            START[c] = WHITE;
        }
        START[127] = WHITE;
        START[0xA0] = WHITE;
        set(START, "%+^~", OPERATOR_1);
        set(START, "!&*:<=>|", OPERATOR_2);
        set(START, "\"'", STRING);
        set(START, "#", HASH);
        set(START, "$", MONEY);
        set(START, "(),;{}", SINGLE_CHAR);
        set(START, "-", DASH);
        set(START, ".0123456789", NUMBER);
        set(START, "/", SLASH);
        set(START, "?]", OTHER);
        set(START, "@", VARIABLE);
        set(START, "bB", B_STRING);
        set(START, "eE", E_STRING);
        set(START, "nN", N_STRING);
        set(START, "qQ", Q_STRING);
        set(START, "uU", U_STRING);
        set(START, "xX", X_STRING);
        set(START, "[", BRACKET_WORD);
        set(START, "\\", BACKSLASH);
        set(START, "`", TICK);

        for (char c : " []{}<>:\\?=@!#~+-*/&|^%(),';\t\n\u000b\f\r\"\u00a0\u0000".toCharArray()) {
            WORD_END[c] = true;
        }
        for (char c : " <>:\\?=@!#~+-*/&|^%(),';\t\n\u000b\f\r'`\"".toCharArray()) {
            VARIABLE_END[c] = true;
        }
    }

    private static void set(byte[] table, String chars, byte value) {
        for (int i = 0; i < chars.length(); i++) {
            table[chars.charAt(i)] = value;
        }
    }

    private String s;
    private int slen;
    private SqlContext context;

    private int pos;
    private SqlToken current;

    /** Tokens produced so far, comments and skipped tokens included. */
    int tokenCount;
    /** "--x" read as a comment (ANSI) although MySQL would read two minus signs. */
    int dashDashWithoutSpace;
    /** "#" seen: an operator in ANSI SQL, a comment in MySQL. */
    int hashSeen;

    SqlLexer(String input, SqlContext context) {
        reset(input, context);
    }

    /** Starts over on {@code input}: a lexer is reused from reading to reading (see {@link TokenFolder#lexer}). */
    SqlLexer reset(String input, SqlContext context) {
        this.s = input;
        this.slen = input.length();
        this.context = context;
        pos = 0;
        current = null;
        tokenCount = 0;
        dashDashWithoutSpace = 0;
        hashSeen = 0;
        return this;
    }

    String input() {
        return s;
    }

    /** Reads the next token into {@code token}; false at the end of the input. */
    boolean next(SqlToken token) {
        if (slen == 0) {
            return false;
        }
        token.clear();
        current = token;
        if (pos == 0 && context.quote() != TokenType.NONE) {
            // The input is read as if the application had already opened a quoted string before it.
            pos = string(context.quote(), 0, 0);
            tokenCount++;
            return true;
        }
        while (pos < slen) {
            pos = dispatch(s.charAt(pos));
            if (token.type != TokenType.NONE) {
                tokenCount++;
                return true;
            }
        }
        return false;
    }

    private int dispatch(char c) {
        switch (START[c & 0xff]) {
            case WHITE:
                return pos + 1;
            case OPERATOR_1:
                return operator1();
            case OPERATOR_2:
                return operator2();
            case STRING:
                return string(c, pos, 1);
            case HASH:
                return hash();
            case MONEY:
                return money();
            case SINGLE_CHAR:
                current.assign(c, s, pos, 1);
                return pos + 1;
            case DASH:
                return dash();
            case NUMBER:
                return number();
            case SLASH:
                return slash();
            case OTHER:
                current.assign(TokenType.UNKNOWN, s, pos, 1);
                return pos + 1;
            case VARIABLE:
                return variable();
            case B_STRING:
                return binaryLiteral();
            case E_STRING:
                return escapeString();
            case N_STRING:
                return nationalString();
            case Q_STRING:
                return quoteDelimitedString(0);
            case U_STRING:
                return unicodeString();
            case X_STRING:
                return hexLiteral();
            case BRACKET_WORD:
                return bracketWord();
            case BACKSLASH:
                return backslash();
            case TICK:
                return backtick(pos);
            default:
                return word(pos);
        }
    }

    /** The narrower whitespace test used inside tokens (after "--" and after number suffixes). */
    private static boolean isSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xA0 || c == 0;
    }

    private int operator1() {
        current.assign(TokenType.OPERATOR, s, pos, 1);
        return pos + 1;
    }

    private int operator2() {
        if (pos + 1 >= slen) {
            return operator1();
        }
        if (pos + 2 < slen && s.charAt(pos) == '<' && s.charAt(pos + 1) == '=' && s.charAt(pos + 2) == '>') {
            current.assign(TokenType.OPERATOR, s, pos, 3);
            return pos + 3;
        }
        char type = SqlKeywords.lookup(s, pos, 2);
        if (type != TokenType.NONE) {
            current.assign(type, s, pos, 2);
            return pos + 2;
        }
        if (s.charAt(pos) == ':') {
            current.assign(TokenType.COLON, s, pos, 1);
            return pos + 1;
        }
        return operator1();
    }

    private int endOfLineComment() {
        int newline = s.indexOf('\n', pos);
        if (newline < 0) {
            current.assign(TokenType.COMMENT, s, pos, slen - pos);
            return slen;
        }
        current.assign(TokenType.COMMENT, s, pos, newline - pos);
        return newline + 1;
    }

    private int hash() {
        hashSeen++;
        if (context.mysql()) {
            hashSeen++;
            return endOfLineComment();
        }
        current.assign(TokenType.OPERATOR, s, pos, 1);
        return pos + 1;
    }

    private int dash() {
        boolean dashDash = pos + 1 < slen && s.charAt(pos + 1) == '-';
        if (dashDash && (pos + 2 == slen || isSpace(s.charAt(pos + 2)))) {
            return endOfLineComment();
        }
        if (dashDash && !context.mysql()) {
            // "--x": a comment for most databases, two minus signs for MySQL (which is tried separately).
            dashDashWithoutSpace++;
            return endOfLineComment();
        }
        current.assign(TokenType.OPERATOR, s, pos, 1);
        return pos + 1;
    }

    private int slash() {
        if (pos + 1 == slen || s.charAt(pos + 1) != '*') {
            return operator1();
        }
        int close = indexOfPair(s, pos + 2, slen, '*', '/');
        int length = close < 0 ? slen - pos : close + 2 - pos;
        char type = TokenType.COMMENT;
        if (close >= 0 && indexOfPair(s, pos + 2, close + 1, '/', '*') >= 0) {
            // A comment opened inside a comment: PostgreSQL nests them, the others do not. Unparseable.
            type = TokenType.EVIL;
        } else if (pos + 2 < slen && s.charAt(pos + 2) == '!') {
            // MySQL executes the content of "/*! ... */": hiding SQL from anything but MySQL.
            type = TokenType.EVIL;
        }
        current.assign(type, s, pos, length);
        return pos + length;
    }

    /** Index of the two-char sequence {@code a b} starting in {@code [from, to-1)}, or -1. */
    private static int indexOfPair(String text, int from, int to, char a, char b) {
        for (int i = from; i + 1 < to; i++) {
            if (text.charAt(i) == a && text.charAt(i + 1) == b) {
                return i;
            }
        }
        return -1;
    }

    private int backslash() {
        if (pos + 1 < slen && s.charAt(pos + 1) == 'N') {
            // MySQL's \N is NULL.
            current.assign(TokenType.NUMBER, s, pos, 2);
            return pos + 2;
        }
        current.assign(TokenType.BACKSLASH, s, pos, 1);
        return pos + 1;
    }

    /**
     * A string delimited by {@code quote}, starting at {@code start}; {@code skip} is the length of its prefix
     * (0 when the opening quote is implied by the context, 1 for a quote, 2 for {@code E'} or {@code N'}).
     * A quote is escaped by an odd run of backslashes before it or by doubling it.
     */
    private int string(char quote, int start, int skip) {
        int contentStart = start + skip;
        current.strOpen = skip > 0 ? quote : TokenType.NONE;
        int q = s.indexOf(quote, contentStart);
        while (true) {
            if (q < 0) {
                current.assign(TokenType.STRING, s, contentStart, slen - contentStart);
                current.strClose = TokenType.NONE;
                return slen;
            }
            if (isBackslashEscaped(q - 1, contentStart)) {
                q = s.indexOf(quote, q + 1);
            } else if (q + 1 < slen && s.charAt(q + 1) == quote) {
                q = s.indexOf(quote, q + 2);
            } else {
                current.assign(TokenType.STRING, s, contentStart, q - contentStart);
                current.strClose = quote;
                return q + 1;
            }
        }
    }

    private boolean isBackslashEscaped(int end, int start) {
        int i = end;
        while (i >= start && s.charAt(i) == '\\') {
            i--;
        }
        return ((end - i) & 1) == 1;
    }

    /** PostgreSQL E'...' and MySQL N'...'. */
    private int escapeString() {
        if (pos + 2 >= slen || s.charAt(pos + 1) != '\'') {
            return word(pos);
        }
        return string('\'', pos, 2);
    }

    /** PostgreSQL U&'...'. */
    private int unicodeString() {
        if (pos + 2 < slen && s.charAt(pos + 1) == '&' && s.charAt(pos + 2) == '\'') {
            int end = string('\'', pos + 2, 1);
            current.strOpen = 'u';
            if (current.strClose == '\'') {
                current.strClose = 'u';
            }
            return end;
        }
        return word(pos);
    }

    /** MySQL N'...' or Oracle nq'...'. */
    private int nationalString() {
        if (pos + 2 < slen && s.charAt(pos + 1) == '\'') {
            return escapeString();
        }
        return quoteDelimitedString(1);
    }

    /** Oracle q'X...X' where X is any visible ASCII char and brackets pair up. */
    private int quoteDelimitedString(int offset) {
        int p = pos + offset;
        if (p >= slen || (s.charAt(p) != 'q' && s.charAt(p) != 'Q') || p + 2 >= slen
                || s.charAt(p + 1) != '\'') {
            return word(pos);
        }
        char delimiter = s.charAt(p + 2);
        if (delimiter < 33 || delimiter > 127) {
            return word(pos);
        }
        switch (delimiter) {
            case '(':
                delimiter = ')';
                break;
            case '[':
                delimiter = ']';
                break;
            case '{':
                delimiter = '}';
                break;
            case '<':
                delimiter = '>';
                break;
            default:
                break;
        }
        int end = indexOfPair(s, p + 3, slen, delimiter, '\'');
        current.strOpen = 'q';
        if (end < 0) {
            current.assign(TokenType.STRING, s, p + 3, slen - p - 3);
            current.strClose = TokenType.NONE;
            return slen;
        }
        current.assign(TokenType.STRING, s, p + 3, end - p - 3);
        current.strClose = 'q';
        return end + 2;
    }

    /** b'0101'. */
    private int binaryLiteral() {
        return quotedDigits("01");
    }

    /** x'0AF3'. */
    private int hexLiteral() {
        return quotedDigits("0123456789ABCDEFabcdef");
    }

    private int quotedDigits(String digits) {
        if (pos + 2 >= slen || s.charAt(pos + 1) != '\'') {
            return word(pos);
        }
        int n = span(pos + 2, digits);
        if (pos + 2 + n >= slen || s.charAt(pos + 2 + n) != '\'') {
            return word(pos);
        }
        current.assign(TokenType.NUMBER, s, pos, n + 3);
        return pos + n + 3;
    }

    private int span(int from, String accepted) {
        int i = from;
        while (i < slen && accepted.indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        return i - from;
    }

    /** SQL Server [name]; in ANSI reading "[" is taken for an opening parenthesis. */
    private int bracketWord() {
        if (!context.mysql()) {
            current.assign(TokenType.LEFT_PARENS, s, pos, 1);
            return pos + 1;
        }
        int close = s.indexOf(']', pos);
        int end = close < 0 ? slen : close + 1;
        current.assign(TokenType.BAREWORD, s, pos, end - pos);
        return end;
    }

    private int word(int start) {
        int end = start;
        while (end < slen && !WORD_END[s.charAt(end) & 0xff]) {
            end++;
        }
        int length = end - start;
        current.assign(TokenType.BAREWORD, s, start, length);
        // "SELECT.1" or "UNION`x`": a keyword glued to what follows by "." or "`" stands alone.
        for (int i = 0; i < current.len; i++) {
            char c = s.charAt(start + i);
            if (c == '.' || c == '`') {
                char type = SqlKeywords.lookup(s, start, i);
                if (type != TokenType.NONE && type != TokenType.BAREWORD) {
                    current.clear();
                    current.assign(type, s, start, i);
                    return start + i;
                }
            }
        }
        if (length <= SqlToken.MAX_TEXT) {
            char type = SqlKeywords.lookup(s, start, length);
            current.type = type == TokenType.NONE ? TokenType.BAREWORD : type;
        }
        return end;
    }

    /** MySQL `name`: a bareword, or a function when the quoted name is one. */
    private int backtick(int start) {
        int end = string('`', start, 1);
        char type = current.lookup();
        current.type = type == TokenType.FUNCTION ? TokenType.FUNCTION : TokenType.BAREWORD;
        return end;
    }

    /** @name, @@name, @`name`, @'name'. */
    private int variable() {
        int p = pos + 1;
        if (p < slen && s.charAt(p) == '@') {
            p++;
        }
        if (p < slen) {
            char c = s.charAt(p);
            if (c == '`') {
                int end = backtick(p);
                current.type = TokenType.VARIABLE;
                return end;
            }
            if (c == '\'' || c == '"') {
                int end = string(c, p, 1);
                current.type = TokenType.VARIABLE;
                return end;
            }
        }
        int end = p;
        while (end < slen && !VARIABLE_END[s.charAt(end) & 0xff]) {
            end++;
        }
        current.assign(TokenType.VARIABLE, s, p, end - p);
        return end;
    }

    /** $1,000.00 (a number), $$text$$ and $tag$text$tag$ (PostgreSQL strings), or a lone "$". */
    private int money() {
        if (pos + 1 == slen) {
            current.assign(TokenType.BAREWORD, s, pos, 1);
            return slen;
        }
        int n = span(pos + 1, "0123456789.,");
        if (n == 1 && s.charAt(pos + 1) == '.') {
            return word(pos);
        }
        if (n > 0) {
            current.assign(TokenType.NUMBER, s, pos, n + 1);
            return pos + n + 1;
        }
        if (s.charAt(pos + 1) == '$') {
            int end = s.indexOf("$$", pos + 2);
            current.strOpen = '$';
            if (end < 0) {
                current.assign(TokenType.STRING, s, pos + 2, slen - pos - 2);
                current.strClose = TokenType.NONE;
                return slen;
            }
            current.assign(TokenType.STRING, s, pos + 2, end - pos - 2);
            current.strClose = '$';
            return end + 2;
        }
        int tagLength = 0;
        while (pos + 1 + tagLength < slen && isAsciiLetter(s.charAt(pos + 1 + tagLength))) {
            tagLength++;
        }
        // Real tags are short identifiers; a cap keeps the search for the closing tag linear.
        if (tagLength == 0 || tagLength > MAX_DOLLAR_TAG || pos + tagLength + 1 == slen
                || s.charAt(pos + tagLength + 1) != '$') {
            current.assign(TokenType.BAREWORD, s, pos, 1);
            return pos + 1;
        }
        String tag = s.substring(pos, pos + tagLength + 2);
        int contentStart = pos + tagLength + 2;
        int end = s.indexOf(tag, contentStart);
        current.strOpen = '$';
        if (end < 0) {
            current.assign(TokenType.STRING, s, contentStart, slen - contentStart);
            current.strClose = TokenType.NONE;
            return slen;
        }
        current.assign(TokenType.STRING, s, contentStart, end - contentStart);
        current.strClose = '$';
        return end + tag.length();
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private int number() {
        if (s.charAt(pos) == '0' && pos + 1 < slen) {
            char radix = s.charAt(pos + 1);
            String digits = radix == 'x' || radix == 'X' ? "0123456789ABCDEFabcdef"
                    : radix == 'b' || radix == 'B' ? "01" : null;
            if (digits != null) {
                int n = span(pos + 2, digits);
                if (n == 0) {
                    current.assign(TokenType.BAREWORD, s, pos, 2);
                    return pos + 2;
                }
                current.assign(TokenType.NUMBER, s, pos, n + 2);
                return pos + n + 2;
            }
        }
        int start = pos;
        int p = pos;
        while (p < slen && Ascii.isDigit(s.charAt(p))) {
            p++;
        }
        if (p < slen && s.charAt(p) == '.') {
            p++;
            while (p < slen && Ascii.isDigit(s.charAt(p))) {
                p++;
            }
            if (p - start == 1) {
                current.assign(TokenType.DOT, s, start, 1);
                return p;
            }
        }
        boolean exponentMark = false;
        boolean exponentDigits = false;
        if (p < slen && (s.charAt(p) == 'e' || s.charAt(p) == 'E')) {
            exponentMark = true;
            p++;
            if (p < slen && (s.charAt(p) == '+' || s.charAt(p) == '-')) {
                p++;
            }
            while (p < slen && Ascii.isDigit(s.charAt(p))) {
                exponentDigits = true;
                p++;
            }
        }
        if (p < slen) {
            char suffix = s.charAt(p);
            if (suffix == 'd' || suffix == 'D' || suffix == 'f' || suffix == 'F') {
                // Oracle's float/double suffix, taken only when something that can follow a number comes next.
                if (p + 1 == slen) {
                    p++;
                } else {
                    char after = s.charAt(p + 1);
                    if (isSpace(after) || after == ';' || after == 'u' || after == 'U') {
                        p++;
                    }
                }
            }
        }
        // "1.e" with no exponent digits: MySQL ignores it entirely ("1.e(1)" is "(1)"), so no token at all.
        if (!(exponentMark && !exponentDigits)) {
            current.assign(TokenType.NUMBER, s, start, p - start);
        }
        return p;
    }
}
