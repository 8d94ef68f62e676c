package dev.bulwark.waf.internal.libinjection;

/**
 * One token of the SQL tokenizer: a kind and a region of a source string (the input, or a merged phrase such as
 * "UNION ALL"). Mutable and reused within a single analysis, never shared between threads. Like libinjection, at
 * most {@link #MAX_TEXT} bytes of a token are considered: longer words are not looked up and longer phrases are not
 * merged.
 */
final class SqlToken {

    static final int MAX_TEXT = 31;

    char type;
    /** Offset of the token in the input. */
    int pos;
    /** Length of the token's text: its length in the input, capped at {@link #MAX_TEXT}. */
    int len;
    /** For strings: the opening quote, or NUL when the string began at the start of a quote context. */
    char strOpen;
    /** For strings: the closing quote, or NUL when the input ended inside the string. */
    char strClose;

    /** Where the text is: {@code source[start, start+len)}. */
    private String source = "";
    private int start;

    void clear() {
        type = TokenType.NONE;
        pos = 0;
        len = 0;
        source = "";
        start = 0;
        strOpen = TokenType.NONE;
        strClose = TokenType.NONE;
    }

    /** The token is {@code input[pos, pos+length)} (text capped at {@link #MAX_TEXT}). */
    void assign(char type, String input, int pos, int length) {
        this.type = type;
        this.pos = pos;
        this.len = Math.min(length, MAX_TEXT);
        this.source = input;
        this.start = pos;
    }

    /** The token's text is {@code text} itself (a merged phrase); it stands at {@code pos} in the input. */
    void assignText(char type, int pos, String text) {
        this.type = type;
        this.pos = pos;
        this.len = text.length();
        this.source = text;
        this.start = 0;
    }

    void copyFrom(SqlToken other) {
        type = other.type;
        pos = other.pos;
        len = other.len;
        source = other.source;
        start = other.start;
        strOpen = other.strOpen;
        strClose = other.strClose;
    }

    char charAt(int i) {
        return source.charAt(start + i);
    }

    char firstChar() {
        return len == 0 ? TokenType.NONE : charAt(0);
    }

    boolean contains(char c) {
        for (int i = 0; i < len; i++) {
            if (charAt(i) == c) {
                return true;
            }
        }
        return false;
    }

    /** Case-insensitive comparison of the whole text with an upper-case word. */
    boolean is(String upperWord) {
        return Ascii.equalsIgnoreCase(upperWord, source, start, len);
    }

    /** Case-insensitive comparison of the text's first characters with an upper-case word. */
    boolean startsWith(String upperWord) {
        return len >= upperWord.length() && Ascii.equalsIgnoreCase(upperWord, source, start, upperWord.length());
    }

    /** The kind of this token's text in the vocabulary, or NUL. */
    char lookup() {
        return SqlKeywords.lookup(source, start, len);
    }

    /** The kind of the phrase "this other" in the vocabulary, or NUL; nothing is allocated. */
    char lookupPhrase(SqlToken other) {
        return SqlKeywords.lookupPhrase(source, start, len, other.source, other.start, other.len);
    }

    String text() {
        return source.substring(start, start + len);
    }

    /** "+", "-", "!", "~", "!!" and NOT: operators that may stand before an operand. */
    boolean isUnaryOperator() {
        if (type != TokenType.OPERATOR) {
            return false;
        }
        switch (len) {
            case 1: {
                char c = charAt(0);
                return c == '+' || c == '-' || c == '!' || c == '~';
            }
            case 2:
                return charAt(0) == '!' && charAt(1) == '!';
            case 3:
                return is("NOT");
            default:
                return false;
        }
    }

    /** A one-character arithmetic operator. */
    boolean isArithmeticOperator() {
        if (type != TokenType.OPERATOR || len != 1) {
            return false;
        }
        char c = charAt(0);
        return c == '*' || c == '/' || c == '-' || c == '+' || c == '%';
    }

    @Override
    public String toString() {
        return type + ":" + text();
    }
}
