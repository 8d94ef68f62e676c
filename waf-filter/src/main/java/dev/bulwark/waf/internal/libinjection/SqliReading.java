package dev.bulwark.waf.internal.libinjection;

/**
 * One reading of an input under one {@link SqlContext}: tokenize, fold, and spell the fingerprint. Keeps what the
 * decision needs afterwards (the folded tokens and a few counters). Single use, not thread-safe.
 */
final class SqliReading {

    final String input;
    final SqlContext context;
    final String fingerprint;
    /** Tokens the lexer produced, before folding (comments and skipped tokens included). */
    final int tokenCount;
    /** Whether MySQL comment rules might read the input differently ("#" or "--x" was seen). */
    final boolean mysqlMayDiffer;
    private final TokenFolder folder;

    /** Reads {@code input}; the tokens live in {@code folder} until its next use. */
    SqliReading(String input, SqlContext context, TokenFolder folder) {
        this.input = input;
        this.context = context;
        SqlLexer lexer = folder.lexer(input, context);
        this.folder = folder;
        int count = folder.fold(lexer);

        // PHP's "`" shell operator left open at the end reads like a comment that swallows the rest.
        if (count > 2) {
            SqlToken last = folder.token(count - 1);
            if (last.type == TokenType.BAREWORD && last.strOpen == '`' && last.len == 0
                    && last.strClose == TokenType.NONE) {
                last.type = TokenType.COMMENT;
            }
        }
        char[] kinds = folder.kinds;
        boolean evil = false;
        for (int i = 0; i < count; i++) {
            kinds[i] = folder.token(i).type;
            evil |= kinds[i] == TokenType.EVIL;
        }
        if (evil) {
            // Unparseable input is reported as the single evil token.
            folder.token(0).assignText(TokenType.EVIL, 0, String.valueOf(TokenType.EVIL));
            this.fingerprint = String.valueOf(TokenType.EVIL);
        } else {
            this.fingerprint = Fingerprints.of(kinds, count);
        }
        this.tokenCount = lexer.tokenCount;
        this.mysqlMayDiffer = lexer.dashDashWithoutSpace > 0 || lexer.hashSeen > 0;
    }

    SqlToken token(int i) {
        return folder.token(i);
    }
}
