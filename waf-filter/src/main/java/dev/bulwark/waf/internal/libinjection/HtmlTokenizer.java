package dev.bulwark.waf.internal.libinjection;

/**
 * A small, forgiving HTML5 tokenizer in the manner of libinjection's: it follows the states of the WHATWG "tokenization"
 * section (data, tag open, tag name, attribute name/value, comment, DOCTYPE, CDATA) closely enough to find where a
 * browser would see tags and attributes, plus a few legacy browser habits attackers rely on: NUL bytes inside tag names
 * are ignored, {@code `} quotes attribute values, {@code <%...%>} is a comment. It never decodes character references
 * and never builds a tree; it reports slices of the input, one at a time, through {@link #next()}.
 *
 * <p>Whitespace here is space, TAB, LF, VT, FF, CR and also NUL: a NUL ends an attribute name or an unquoted value.
 *
 * <p>A tokenizer is a cursor over one input: cheap to create, not thread-safe, used once.
 */
final class HtmlTokenizer {

    private enum State {
        DATA,
        TAG_OPEN,
        END_TAG_OPEN,
        TAG_NAME,
        TAG_END,
        BEFORE_ATTRIBUTE_NAME,
        ATTRIBUTE_NAME,
        AFTER_ATTRIBUTE_NAME,
        BEFORE_ATTRIBUTE_VALUE,
        QUOTED_VALUE,
        UNQUOTED_VALUE,
        AFTER_QUOTED_VALUE,
        SELF_CLOSING,
        MARKUP_DECLARATION,
        COMMENT,
        BOGUS_COMMENT,
        PERCENT_COMMENT,
        CDATA,
        DOCTYPE,
        DONE
    }

    private final String input;
    private final int length;
    private int pos;
    private State state;
    /** The quote character of the value being read in {@link State#QUOTED_VALUE}. */
    private char quote;
    /** Whether {@link State#QUOTED_VALUE} still has to step over its opening quote. */
    private boolean openingQuotePending;
    /** Whether the tag name being read came after {@code </}. */
    private boolean endTag;

    private HtmlTokenType tokenType;
    private int tokenStart;
    private int tokenEnd;

    HtmlTokenizer(String input, HtmlStartContext context) {
        this.input = input;
        this.length = input.length();
        switch (context) {
            case TEXT -> state = State.DATA;
            // An unquoted value ends at the first space, after which attribute names may come.
            case UNQUOTED_VALUE -> state = State.BEFORE_ATTRIBUTE_NAME;
            case SINGLE_QUOTED_VALUE -> startInsideQuotes('\'');
            case DOUBLE_QUOTED_VALUE -> startInsideQuotes('"');
            case BACKTICK_QUOTED_VALUE -> startInsideQuotes('`');
            default -> throw new IllegalArgumentException(context.toString());
        }
    }

    private void startInsideQuotes(char q) {
        state = State.QUOTED_VALUE;
        quote = q;
        openingQuotePending = false; // the opening quote is in the page, not in the value
    }

    HtmlTokenType type() {
        return tokenType;
    }

    /** Start of the current token in the input (inclusive). */
    int start() {
        return tokenStart;
    }

    /** End of the current token in the input (exclusive). */
    int end() {
        return tokenEnd;
    }

    /** Moves to the next token; false at the end of the input. */
    boolean next() {
        while (true) {
            switch (state) {
                case DATA -> {
                    int lt = input.indexOf('<', pos);
                    int textStart = pos;
                    if (lt < 0) {
                        state = State.DONE;
                        pos = length;
                        return textStart < length && emit(HtmlTokenType.TEXT, textStart, length);
                    }
                    pos = lt + 1;
                    state = State.TAG_OPEN;
                    if (lt > textStart) {
                        return emit(HtmlTokenType.TEXT, textStart, lt);
                    }
                }
                case TAG_OPEN -> {
                    if (pos >= length) {
                        return finish();
                    }
                    char c = input.charAt(pos);
                    if (c == '!') {
                        pos++;
                        state = State.MARKUP_DECLARATION;
                    } else if (c == '/') {
                        pos++;
                        state = State.END_TAG_OPEN;
                    } else if (c == '?') {
                        pos++; // <?xml ...> and other processing instructions
                        state = State.BOGUS_COMMENT;
                    } else if (c == '%') {
                        pos++; // <% ... %>, a comment for old IE and Safari
                        state = State.PERCENT_COMMENT;
                    } else if (isAsciiLetter(c) || c == 0) {
                        endTag = false;
                        state = State.TAG_NAME;
                    } else {
                        state = State.DATA; // "a < b": the '<' was text
                        return emit(HtmlTokenType.TEXT, pos - 1, pos);
                    }
                }
                case END_TAG_OPEN -> {
                    if (pos >= length) {
                        return finish();
                    }
                    char c = input.charAt(pos);
                    if (c == '>') {
                        state = State.DATA; // "</>" is dropped; its '>' is read as text
                    } else if (isAsciiLetter(c)) {
                        endTag = true;
                        state = State.TAG_NAME;
                    } else {
                        state = State.BOGUS_COMMENT; // "</ x>", "</3>"
                    }
                }
                case TAG_NAME -> {
                    return readTagName();
                }
                case TAG_END -> {
                    state = State.DATA;
                    pos++;
                    return emit(HtmlTokenType.TAG_END, pos - 1, pos);
                }
                case BEFORE_ATTRIBUTE_NAME -> {
                    pos = skipSpace(pos);
                    if (pos >= length) {
                        return finish();
                    }
                    char c = input.charAt(pos);
                    if (c == '/') {
                        pos++;
                        state = State.SELF_CLOSING;
                    } else if (c == '>') {
                        state = State.TAG_END;
                    } else {
                        state = State.ATTRIBUTE_NAME;
                    }
                }
                case ATTRIBUTE_NAME -> {
                    return readAttributeName();
                }
                case AFTER_ATTRIBUTE_NAME -> {
                    pos = skipSpace(pos);
                    if (pos >= length) {
                        return finish();
                    }
                    char c = input.charAt(pos);
                    if (c == '/') {
                        pos++;
                        state = State.SELF_CLOSING;
                    } else if (c == '=') {
                        pos++;
                        state = State.BEFORE_ATTRIBUTE_VALUE;
                    } else if (c == '>') {
                        state = State.TAG_END;
                    } else {
                        state = State.ATTRIBUTE_NAME;
                    }
                }
                case BEFORE_ATTRIBUTE_VALUE -> {
                    pos = skipSpace(pos);
                    if (pos >= length) {
                        return finish();
                    }
                    char c = input.charAt(pos);
                    if (c == '"' || c == '\'' || c == '`') {
                        quote = c;
                        openingQuotePending = true;
                        state = State.QUOTED_VALUE;
                    } else {
                        state = State.UNQUOTED_VALUE;
                    }
                }
                case QUOTED_VALUE -> {
                    if (openingQuotePending) {
                        pos++;
                        openingQuotePending = false;
                    }
                    int valueStart = pos;
                    int close = input.indexOf(quote, pos);
                    if (close < 0) {
                        pos = length;
                        state = State.DONE;
                        return emit(HtmlTokenType.ATTRIBUTE_VALUE, valueStart, length);
                    }
                    pos = close + 1;
                    state = State.AFTER_QUOTED_VALUE;
                    return emit(HtmlTokenType.ATTRIBUTE_VALUE, valueStart, close);
                }
                case UNQUOTED_VALUE -> {
                    return readUnquotedValue();
                }
                case AFTER_QUOTED_VALUE -> {
                    if (pos >= length) {
                        return finish();
                    }
                    char c = input.charAt(pos);
                    if (isSpace(c)) {
                        pos++;
                        state = State.BEFORE_ATTRIBUTE_NAME;
                    } else if (c == '/') {
                        pos++;
                        state = State.SELF_CLOSING;
                    } else if (c == '>') {
                        state = State.TAG_END;
                    } else {
                        state = State.BEFORE_ATTRIBUTE_NAME; // a"b=c": attributes need no separating space
                    }
                }
                case SELF_CLOSING -> {
                    if (pos >= length) {
                        return finish();
                    }
                    if (input.charAt(pos) == '>') {
                        pos++;
                        state = State.DATA;
                        return emit(HtmlTokenType.TAG_SELF_CLOSE, pos - 2, pos);
                    }
                    state = State.BEFORE_ATTRIBUTE_NAME; // "<svg/onload=...>": '/' separates like a space
                }
                case MARKUP_DECLARATION -> {
                    if (startsWithIgnoreCase(pos, "doctype")) {
                        state = State.DOCTYPE;
                    } else if (input.startsWith("[CDATA[", pos)) {
                        pos += 7;
                        state = State.CDATA;
                    } else if (input.startsWith("--", pos)) {
                        pos += 2;
                        state = State.COMMENT;
                    } else {
                        state = State.BOGUS_COMMENT; // <!ENTITY ...>, <!foo>
                    }
                }
                case COMMENT -> {
                    return readComment();
                }
                case BOGUS_COMMENT -> {
                    return emitUntil(HtmlTokenType.COMMENT, input.indexOf('>', pos), 1);
                }
                case PERCENT_COMMENT -> {
                    return emitUntil(HtmlTokenType.COMMENT, input.indexOf("%>", pos), 2);
                }
                case CDATA -> {
                    return emitUntil(HtmlTokenType.TEXT, input.indexOf("]]>", pos), 3);
                }
                case DOCTYPE -> {
                    return emitUntil(HtmlTokenType.DOCTYPE, input.indexOf('>', pos), 1);
                }
                case DONE -> {
                    return false;
                }
                default -> throw new IllegalStateException(state.toString());
            }
        }
    }

    /**
     * The name of a tag, NULs included. An end tag name counts as an end tag only when {@code >} follows it at once;
     * {@code </script x>} is reported as a start tag name, as libinjection does, so that its name is checked.
     */
    private boolean readTagName() {
        int nameStart = pos;
        boolean closing = endTag;
        endTag = false;
        for (int p = pos; p < length; p++) {
            char c = input.charAt(p);
            if (c == 0) {
                continue;
            }
            if (isSpace(c)) {
                pos = p + 1;
                state = State.BEFORE_ATTRIBUTE_NAME;
                return emit(HtmlTokenType.TAG_NAME, nameStart, p);
            }
            if (c == '/') {
                pos = p + 1;
                state = State.SELF_CLOSING;
                return emit(HtmlTokenType.TAG_NAME, nameStart, p);
            }
            if (c == '>') {
                if (closing) {
                    pos = p + 1;
                    state = State.DATA;
                    return emit(HtmlTokenType.END_TAG_NAME, nameStart, p);
                }
                pos = p;
                state = State.TAG_END;
                return emit(HtmlTokenType.TAG_NAME, nameStart, p);
            }
        }
        pos = length;
        state = State.DONE;
        return emit(HtmlTokenType.TAG_NAME, nameStart, length);
    }

    /** An attribute name: its first character always belongs to it, even {@code =} or {@code "}. */
    private boolean readAttributeName() {
        int nameStart = pos;
        for (int p = pos + 1; p < length; p++) {
            char c = input.charAt(p);
            State after;
            int resume = p + 1;
            if (isSpace(c)) {
                after = State.AFTER_ATTRIBUTE_NAME;
            } else if (c == '/') {
                after = State.SELF_CLOSING;
            } else if (c == '=') {
                after = State.BEFORE_ATTRIBUTE_VALUE;
            } else if (c == '>') {
                after = State.TAG_END;
                resume = p;
            } else {
                continue;
            }
            pos = resume;
            state = after;
            return emit(HtmlTokenType.ATTRIBUTE_NAME, nameStart, p);
        }
        pos = length;
        state = State.DONE;
        return emit(HtmlTokenType.ATTRIBUTE_NAME, nameStart, length);
    }

    private boolean readUnquotedValue() {
        int valueStart = pos;
        for (int p = pos; p < length; p++) {
            char c = input.charAt(p);
            if (isSpace(c)) {
                pos = p + 1;
                state = State.BEFORE_ATTRIBUTE_NAME;
                return emit(HtmlTokenType.ATTRIBUTE_VALUE, valueStart, p);
            }
            if (c == '>') {
                pos = p;
                state = State.TAG_END;
                return emit(HtmlTokenType.ATTRIBUTE_VALUE, valueStart, p);
            }
        }
        pos = length;
        state = State.DONE;
        return emit(HtmlTokenType.ATTRIBUTE_VALUE, valueStart, length);
    }

    /**
     * A {@code <!--} comment. It ends at a {@code -} followed by {@code -} or {@code !} and then {@code >} (NULs after
     * the first dash are skipped), which covers the standard {@code -->} and {@code --!>} (whose first dash stays in
     * the body); else at the end of input.
     */
    private boolean readComment() {
        int bodyStart = pos;
        int from = pos;
        while (true) {
            int dash = input.indexOf('-', from);
            if (dash < 0 || dash + 3 > length) {
                break;
            }
            int p = dash + 1;
            while (p < length && input.charAt(p) == 0) {
                p++;
            }
            if (p + 1 >= length) {
                break;
            }
            char second = input.charAt(p);
            if ((second == '-' || second == '!') && input.charAt(p + 1) == '>') {
                pos = p + 2;
                state = State.DATA;
                return emit(HtmlTokenType.COMMENT, bodyStart, dash);
            }
            from = dash + 1;
        }
        pos = length;
        state = State.DONE;
        return emit(HtmlTokenType.COMMENT, bodyStart, length);
    }

    /** Emits {@code [pos, terminator)} and skips the terminator; with none, emits the rest of the input. */
    private boolean emitUntil(HtmlTokenType type, int terminator, int terminatorLength) {
        int bodyStart = pos;
        if (terminator < 0) {
            pos = length;
            state = State.DONE;
            return emit(type, bodyStart, length);
        }
        pos = terminator + terminatorLength;
        state = State.DATA;
        return emit(type, bodyStart, terminator);
    }

    private boolean emit(HtmlTokenType type, int start, int end) {
        tokenType = type;
        tokenStart = start;
        tokenEnd = end;
        return true;
    }

    private boolean finish() {
        state = State.DONE;
        return false;
    }

    private int skipSpace(int p) {
        while (p < length && isSpace(input.charAt(p))) {
            p++;
        }
        return p;
    }

    private boolean startsWithIgnoreCase(int at, String lowerWord) {
        if (at + lowerWord.length() > length) {
            return false;
        }
        for (int i = 0; i < lowerWord.length(); i++) {
            char c = input.charAt(at + i);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            if (c != lowerWord.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** HTML whitespace plus VT (old IE) and NUL. */
    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r' || c == 0;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
