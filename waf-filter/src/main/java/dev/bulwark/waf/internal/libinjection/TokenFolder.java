package dev.bulwark.waf.internal.libinjection;

/**
 * Reduces the token stream of a {@link SqlLexer} to at most {@link #MAX} tokens that carry the shape of the input,
 * following libinjection's published folding algorithm: sub-expressions collapse into their first operand
 * ({@code 1+1} reads as {@code 1}, {@code a,b,c} as {@code a}), noise disappears (unary signs, data types, repeated
 * parentheses, ODBC braces), and compound keywords merge ({@code UNION ALL}). The window moves left to right over
 * pairs and triples of tokens; a fold steps back so that its result can fold again with what precedes it.
 *
 * <p>Not thread-safe: a folder serves the readings of one value, one after the other; each {@link #fold} overwrites
 * the tokens of the previous one.
 */
final class TokenFolder {

    /** Fingerprint length. */
    static final int MAX = 5;

    /** Room for the five kept tokens plus the look-ahead ones. */
    private final SqlToken[] vec = new SqlToken[MAX + 3];
    private final SqlToken lastComment = new SqlToken();

    private SqlLexer lexer;
    private boolean more;
    /** Index where the next token goes. */
    private int pos;
    /** Number of tokens already settled (left of the folding window). */
    private int left;

    /** The lexer and fingerprint buffer of the readings this folder serves, reused like the tokens. */
    private final SqlLexer reusableLexer = new SqlLexer("", SqlContext.BARE_ANSI);
    final char[] kinds = new char[MAX + 3];

    TokenFolder() {
        for (int i = 0; i < vec.length; i++) {
            vec[i] = new SqlToken();
        }
    }

    /** This folder's lexer, set to read {@code input} from the start. */
    SqlLexer lexer(String input, SqlContext context) {
        return reusableLexer.reset(input, context);
    }

    SqlToken token(int i) {
        return vec[i];
    }

    /** Folds the lexer's input; returns the number of tokens kept in {@link #token(int)} (0 to {@link #MAX}). */
    int fold(SqlLexer source) {
        lexer = source;
        lastComment.clear();
        // Leading comments, "(", data types and unary operators say nothing about the input's shape.
        do {
            more = lexer.next(vec[0]);
        } while (more && isLeadingNoise(vec[0]));
        if (!more) {
            return 0;
        }
        pos = 1;
        left = 0;

        while (true) {
            if (pos >= MAX) {
                restartOnHarmlessPrefix();
            }
            if (!more || left >= MAX) {
                left = pos;
                break;
            }
            fill(2);
            if (pos - left < 2) {
                left = pos;
                continue;
            }
            int pairs = foldPair(vec[left], vec[left + 1]);
            if (pairs == FOLDED) {
                continue;
            }
            if (pairs == STOP) {
                return left + 2;
            }
            fill(3);
            if (pos - left < 3) {
                left = pos;
                continue;
            }
            if (foldTriple(vec[left], vec[left + 1], vec[left + 2])) {
                continue;
            }
            left++;
        }

        if (left < MAX && lastComment.type == TokenType.COMMENT) {
            // A trailing comment is part of the shape ("1 OR 1=1 --"), if there is room for it.
            vec[left].copyFrom(lastComment);
            left++;
        }
        return Math.min(left, MAX);
    }

    private static boolean isLeadingNoise(SqlToken t) {
        return t.type == TokenType.COMMENT || t.type == TokenType.LEFT_PARENS || t.type == TokenType.SQLTYPE
                || t.isUnaryOperator();
    }

    /** Reads tokens until the window holds {@code size} of them; comments are remembered, not kept. */
    private void fill(int size) {
        while (more && pos <= MAX && pos - left < size) {
            more = lexer.next(vec[pos]);
            if (more) {
                if (vec[pos].type == TokenType.COMMENT) {
                    lastComment.copyFrom(vec[pos]);
                } else {
                    lastComment.type = TokenType.NONE;
                    pos++;
                }
            }
        }
    }

    /**
     * Five tokens that are a complete harmless arithmetic or list sub-expression, such as {@code 1,(2)} or
     * {@code x-(y)}: keep only the first and read on, so that what follows is fingerprinted.
     */
    private void restartOnHarmlessPrefix() {
        char t0 = vec[0].type;
        char t1 = vec[1].type;
        char t2 = vec[2].type;
        char t3 = vec[3].type;
        char t4 = vec[4].type;
        boolean harmless =
                (t0 == TokenType.NUMBER && (t1 == TokenType.OPERATOR || t1 == TokenType.COMMA)
                        && t2 == TokenType.LEFT_PARENS && t3 == TokenType.NUMBER && t4 == TokenType.RIGHT_PARENS)
                || (t0 == TokenType.BAREWORD && t1 == TokenType.OPERATOR && t2 == TokenType.LEFT_PARENS
                        && (t3 == TokenType.BAREWORD || t3 == TokenType.NUMBER) && t4 == TokenType.RIGHT_PARENS)
                || (t0 == TokenType.NUMBER && t1 == TokenType.RIGHT_PARENS && t2 == TokenType.COMMA
                        && t3 == TokenType.LEFT_PARENS && t4 == TokenType.NUMBER)
                || (t0 == TokenType.BAREWORD && t1 == TokenType.RIGHT_PARENS && t2 == TokenType.OPERATOR
                        && t3 == TokenType.LEFT_PARENS && t4 == TokenType.BAREWORD);
        if (!harmless) {
            return;
        }
        if (pos > MAX) {
            vec[1].copyFrom(vec[MAX]);
            pos = 2;
        } else {
            pos = 1;
        }
        left = 0;
    }

    private static final int NOT_FOLDED = 0;
    private static final int FOLDED = 1;
    /** "{" followed by an empty backtick name: stop with an evil token. */
    private static final int STOP = 2;

    /** Folds two adjacent tokens; may retype them without folding (then the triple rules still run). */
    private int foldPair(SqlToken a, SqlToken b) {
        char ta = a.type;
        char tb = b.type;
        if (ta == TokenType.STRING && tb == TokenType.STRING) {
            // 'a' 'b' is one string in SQL.
            pos--;
            return FOLDED;
        }
        if (ta == TokenType.SEMICOLON && tb == TokenType.SEMICOLON) {
            pos--;
            return FOLDED;
        }
        if ((ta == TokenType.OPERATOR || ta == TokenType.LOGIC_OPERATOR)
                && (b.isUnaryOperator() || tb == TokenType.SQLTYPE)) {
            // "= -1", "AND NOT x", "+ BINARY x": the second token adds nothing.
            pos--;
            left = 0;
            return FOLDED;
        }
        if (ta == TokenType.LEFT_PARENS && b.isUnaryOperator()) {
            pos--;
            stepBack();
            return FOLDED;
        }
        if (mergePhrase(a, b)) {
            pos--;
            stepBack();
            return FOLDED;
        }
        if (ta == TokenType.SEMICOLON && tb == TokenType.FUNCTION && b.startsWith("IF")) {
            // After ";" IF starts a Transact-SQL control statement rather than calling IF().
            b.type = TokenType.TSQL;
            return FOLDED;
        }
        if ((ta == TokenType.BAREWORD || ta == TokenType.VARIABLE) && tb == TokenType.LEFT_PARENS
                && isCallableName(a)) {
            a.type = TokenType.FUNCTION;
            return FOLDED;
        }
        if (ta == TokenType.KEYWORD && (a.is("IN") || a.is("NOT IN"))) {
            // "IN (" compares like an operator; IN anywhere else is plain text.
            a.type = tb == TokenType.LEFT_PARENS ? TokenType.OPERATOR : TokenType.BAREWORD;
            return FOLDED;
        }
        if (ta == TokenType.OPERATOR && (a.is("LIKE") || a.is("NOT LIKE"))) {
            if (tb == TokenType.LEFT_PARENS) {
                a.type = TokenType.FUNCTION;
            }
            return NOT_FOLDED;
        }
        if (ta == TokenType.SQLTYPE && isTypedOperand(tb)) {
            // "CHAR 'x'", "BINARY 1": the type is a cast, the operand is what counts.
            a.copyFrom(b);
            pos--;
            left = 0;
            return FOLDED;
        }
        if (ta == TokenType.COLLATE && tb == TokenType.BAREWORD) {
            if (b.contains('_')) {
                // Collation names (utf8_general_ci, ...) are too many to list; read them as types.
                b.type = TokenType.SQLTYPE;
                left = 0;
            }
            return NOT_FOLDED;
        }
        if (ta == TokenType.BACKSLASH) {
            if (b.isArithmeticOperator()) {
                // T-SQL reads "\%1" as "0 % 1".
                a.type = TokenType.NUMBER;
            } else {
                a.copyFrom(b);
                pos--;
            }
            left = 0;
            return FOLDED;
        }
        if ((ta == TokenType.LEFT_PARENS && tb == TokenType.LEFT_PARENS)
                || (ta == TokenType.RIGHT_PARENS && tb == TokenType.RIGHT_PARENS)) {
            pos--;
            left = 0;
            return FOLDED;
        }
        if (ta == TokenType.LEFT_BRACE && tb == TokenType.BAREWORD) {
            if (b.len == 0) {
                // MySQL's "{ ``.``.id }" is too odd to read: give up on this input.
                b.type = TokenType.EVIL;
                return STOP;
            }
            // ODBC escape "{fn expr}": drop "{ fn", keep the expression.
            left = 0;
            pos -= 2;
            return FOLDED;
        }
        if (tb == TokenType.RIGHT_BRACE) {
            pos--;
            left = 0;
            return FOLDED;
        }
        return NOT_FOLDED;
    }

    private void stepBack() {
        if (left > 0) {
            left--;
        }
    }

    private static boolean isTypedOperand(char t) {
        return t == TokenType.BAREWORD || t == TokenType.NUMBER || t == TokenType.SQLTYPE
                || t == TokenType.LEFT_PARENS || t == TokenType.FUNCTION || t == TokenType.VARIABLE
                || t == TokenType.STRING;
    }

    /** Names left barewords because they are common column names, but functions when called. */
    private static boolean isCallableName(SqlToken t) {
        return t.is("USER_ID") || t.is("USER_NAME") || t.is("DATABASE") || t.is("PASSWORD") || t.is("USER")
                || t.is("CURRENT_USER") || t.is("CURRENT_DATE") || t.is("CURRENT_TIME")
                || t.is("CURRENT_TIMESTAMP") || t.is("LOCALTIME") || t.is("LOCALTIMESTAMP");
    }

    private static boolean isMergeable(char t) {
        return t == TokenType.KEYWORD || t == TokenType.BAREWORD || t == TokenType.OPERATOR || t == TokenType.UNION
                || t == TokenType.FUNCTION || t == TokenType.EXPRESSION || t == TokenType.TSQL
                || t == TokenType.SQLTYPE;
    }

    /** "UNION" + "ALL" = "UNION ALL" when the phrase is in the vocabulary; a takes the phrase. */
    private static boolean mergePhrase(SqlToken a, SqlToken b) {
        if (!isMergeable(a.type) || !(isMergeable(b.type) || b.type == TokenType.LOGIC_OPERATOR)) {
            return false;
        }
        if (a.len + 1 + b.len > SqlToken.MAX_TEXT) {
            return false;
        }
        char type = a.lookupPhrase(b);
        if (type == TokenType.NONE) {
            return false;
        }
        a.assignText(type, a.pos, a.text() + ' ' + b.text());
        return true;
    }

    /** Folds three adjacent tokens; true when something changed. */
    private boolean foldTriple(SqlToken a, SqlToken b, SqlToken c) {
        char ta = a.type;
        char tb = b.type;
        char tc = c.type;
        if (ta == TokenType.NUMBER && tb == TokenType.OPERATOR && tc == TokenType.NUMBER) {
            return collapseToFirst();
        }
        if (ta == TokenType.OPERATOR && tb != TokenType.LEFT_PARENS && tc == TokenType.OPERATOR) {
            return collapseToFirst();
        }
        if (ta == TokenType.LOGIC_OPERATOR && tc == TokenType.LOGIC_OPERATOR) {
            return collapseToFirst();
        }
        if (ta == TokenType.VARIABLE && tb == TokenType.OPERATOR
                && (tc == TokenType.VARIABLE || tc == TokenType.NUMBER || tc == TokenType.BAREWORD)) {
            return collapseToFirst();
        }
        if ((ta == TokenType.BAREWORD || ta == TokenType.NUMBER) && tb == TokenType.OPERATOR
                && (tc == TokenType.NUMBER || tc == TokenType.BAREWORD)) {
            return collapseToFirst();
        }
        if ((ta == TokenType.BAREWORD || ta == TokenType.NUMBER || ta == TokenType.VARIABLE
                || ta == TokenType.STRING) && tb == TokenType.OPERATOR && b.is("::") && tc == TokenType.SQLTYPE) {
            // PostgreSQL cast x::int.
            return collapseToFirst();
        }
        if (isListItem(ta) && tb == TokenType.COMMA && isListItem(tc)) {
            return collapseToFirst();
        }
        if ((ta == TokenType.EXPRESSION || ta == TokenType.GROUP || ta == TokenType.COMMA) && b.isUnaryOperator()
                && tc == TokenType.LEFT_PARENS) {
            return dropMiddle();
        }
        if ((ta == TokenType.KEYWORD || ta == TokenType.EXPRESSION || ta == TokenType.GROUP) && b.isUnaryOperator()
                && (isListItem(tc) || tc == TokenType.FUNCTION)) {
            return dropMiddle();
        }
        if (ta == TokenType.COMMA && b.isUnaryOperator() && isListItem(tc)) {
            // ", -1" is ",1", and "x,1" then folds into "x" again: step back over the comma.
            b.copyFrom(c);
            left = 0;
            pos -= 3;
            return true;
        }
        if (ta == TokenType.COMMA && b.isUnaryOperator() && tc == TokenType.FUNCTION) {
            return dropMiddle();
        }
        if (ta == TokenType.BAREWORD && tb == TokenType.DOT && tc == TokenType.BAREWORD) {
            // schema.table
            return collapseToFirst();
        }
        if (ta == TokenType.EXPRESSION && tb == TokenType.DOT && tc == TokenType.BAREWORD) {
            return dropMiddle();
        }
        if (ta == TokenType.FUNCTION && tb == TokenType.LEFT_PARENS && tc != TokenType.RIGHT_PARENS && a.is("USER")) {
            // USER() takes no argument: "user(x)" is some application's own function.
            a.type = TokenType.BAREWORD;
        }
        return false;
    }

    private static boolean isListItem(char t) {
        return t == TokenType.BAREWORD || t == TokenType.NUMBER || t == TokenType.STRING || t == TokenType.VARIABLE;
    }

    /** Keeps the first of three tokens. */
    private boolean collapseToFirst() {
        pos -= 2;
        left = 0;
        return true;
    }

    /** Removes the middle of three tokens. */
    private boolean dropMiddle() {
        vec[left + 1].copyFrom(vec[left + 2]);
        pos--;
        left = 0;
        return true;
    }
}
