package dev.bulwark.waf.internal.libinjection;

/**
 * One token of the SQL tokenizer. Mutable and reused within a single analysis, never shared between threads.
 * Like libinjection, the text kept is at most {@link #MAX_TEXT} bytes: longer words are not looked up and longer
 * phrases are not merged.
 */
final class SqlToken {

    static final int MAX_TEXT = 31;

    char type;
    /** Offset of the token in the input. */
    int pos;
    /** Length of {@link #text}: the token's length in the input, capped at {@link #MAX_TEXT}. */
    int len;
    String text = "";
    /** For strings: the opening quote, or NUL when the string began at the start of a quote context. */
    char strOpen;
    /** For strings: the closing quote, or NUL when the input ended inside the string. */
    char strClose;

    void clear() {
        type = TokenType.NONE;
        pos = 0;
        len = 0;
        text = "";
        strOpen = TokenType.NONE;
        strClose = TokenType.NONE;
    }

    void assign(char type, String input, int pos, int length) {
        int kept = Math.min(length, MAX_TEXT);
        this.type = type;
        this.pos = pos;
        this.len = kept;
        this.text = input.substring(pos, pos + kept);
    }

    void assign(char type, int pos, String text) {
        this.type = type;
        this.pos = pos;
        this.len = text.length();
        this.text = text;
    }

    void copyFrom(SqlToken other) {
        type = other.type;
        pos = other.pos;
        len = other.len;
        text = other.text;
        strOpen = other.strOpen;
        strClose = other.strClose;
    }

    char firstChar() {
        return len == 0 ? TokenType.NONE : text.charAt(0);
    }

    /** Case-insensitive comparison of the whole text with an upper-case word. */
    boolean is(String upperWord) {
        return Ascii.equalsIgnoreCase(upperWord, text, 0, len);
    }

    /** "+", "-", "!", "~", "!!" and NOT: operators that may stand before an operand. */
    boolean isUnaryOperator() {
        if (type != TokenType.OPERATOR) {
            return false;
        }
        switch (len) {
            case 1: {
                char c = text.charAt(0);
                return c == '+' || c == '-' || c == '!' || c == '~';
            }
            case 2:
                return text.charAt(0) == '!' && text.charAt(1) == '!';
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
        char c = text.charAt(0);
        return c == '*' || c == '/' || c == '-' || c == '+' || c == '%';
    }

    @Override
    public String toString() {
        return type + ":" + text;
    }
}
