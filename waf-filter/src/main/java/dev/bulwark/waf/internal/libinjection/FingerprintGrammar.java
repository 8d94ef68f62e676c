package dev.bulwark.waf.internal.libinjection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Bulwark's decision on a fingerprint: a small grammar of SQL injection shapes over token kinds, written for
 * Bulwark from SQL syntax (it takes the place of libinjection's list of known fingerprints, which Bulwark does not
 * ship).
 *
 * <p>The idea: an input is an injection when, read as the tail of a SQL query, it first completes the value the
 * application was building ({@code 1}, {@code 'x'}, {@code name}, {@code @var}, maybe a closing parenthesis) and
 * then adds SQL structure of its own: a boolean condition, a UNION, a stacked statement, a trailing comment, ORDER
 * BY, INTO OUTFILE, a function call, ... An input may also start with such structure. Plain text fails because SQL
 * does not put two operands side by side ({@code 7 and a half} is {@code 1&nn}), because a lone word is no
 * condition ({@code 10 or less}, {@code 1&n}), and because keywords need their operands ({@code 1 having}).
 *
 * <p>A fingerprint of {@link TokenFolder#MAX} tokens is a prefix of something longer, so it is accepted when the
 * grammar can read it as a prefix; shorter fingerprints must be complete sentences.
 *
 * <p>Grammar notation: {@code name = alt | alt} (continued on lines starting with {@code |}; {@code #} starts a
 * comment line), symbols separated by spaces; a one-character symbol is a token
 * kind ({@link TokenType}), {@code *} is any token, {@code ^x} any token but {@code x}, {@code empty} is the empty
 * sequence, longer names are rules. A leading {@code !} makes a symbol strict: at the end of a truncated
 * fingerprint it is not taken for granted, its first token must be there ({@code n !into_more}: a bareword only
 * counts when an attack visibly follows). Immutable and thread-safe.
 */
final class FingerprintGrammar {

    static final String RULES = """
            # --- Where a reading starts. A quote context makes the leading string the application's own.
            quoted      = start
                        | s closer o n closer tail_any
            start       = X
                        | s closer tail_s
                        | 1 closer tail_num
                        | v closer tail_var
                        | n tail_word
                        | n ) attack
                        | operand closer o value closer tail_any
                        | operand closer o n closer attack
                        | value o ( value in_operand
                        | 1 n U E rest | 1 n U ( E rest
                        | s o s
                        | ) tail_num
                        | opener

            # --- The operand that completes the application's expression, and what may follow it.
            closer      = empty | )
            operand     = 1 | s | n | v
            value       = 1 | s | v
            tail_s      = attack | c | & cond_s after | f ( rest
            tail_num    = attack | c | & cond_num after | f ( call_start
            tail_var    = attack | c
            tail_word   = common | k into_word
            tail_any    = attack | c
            in_operand  = o rest | ) tail_any

            # --- SQL structure added after an operand. A bare word as operand allows less (no INTO, no "; --").
            attack      = common | k into | ; c | ( E ^) rest | ( U E rest | ( U ( E rest
            common      = & cond after
                        | union
                        | ; statement
                        | B by_value after
                        | E wait_value
                        | o operation
                        | , list_item

            # --- Boolean conditions: AND/OR followed by something that can be true or false.
            cond        = 1 | operand o operand | call | ( in_parens | E rest
            cond_num    = s | v
            cond_s      = s | v | n
            in_parens   = E | E ^) rest | cond
            after       = empty | after1
            after1      = c | ) after | & cond after | union | ; statement | ; c | B by_value after | k into
                        | k n rest | T statement_t | o operation
            strong      = c | ) strong | union | ; statement | ; c | & cond after | B by_value after | k into
                        | o operation

            # --- UNION and stacked statements.
            union       = U | U c | U E rest | U ( E rest | U o ( E rest
            statement   = E statement_e | T statement_t | ( E rest | f ( rest | k statement_k
            statement_e = 1 rest | s rest | v rest | f rest | ( rest | o rest | k rest | E rest | c
                        | n statement_en
            statement_en = k rest | E rest | o rest | , rest | ( rest | . rest | c
            statement_t = empty | c | ; rest | n statement_tn | k rest | v rest | s rest | 1 rest | ( rest
                        | f rest | T rest | E rest
            statement_tn = empty | c | ; rest | n rest | s rest | 1 rest | v rest | ( rest | o rest | , rest
                        | k rest | . rest
            statement_k = v rest | subquery

            # --- Clauses: ORDER/GROUP BY, HAVING, LIMIT; INTO OUTFILE and other keywords; WAITFOR DELAY.
            by_value    = 1 | v | s | call | ( rest | n !strong
            into        = s after | ( E rest | ( s rest | ( f rest | f ( rest | v after | 1 after | n !into_more
            into_more   = c | ) strong | union | ; statement | & cond after | B by_value after | k into
            into_word   = s after1 | ( E rest | f ( rest
            wait_value  = s wait_after | f ( rest | v after | ( rest
            wait_after  = c | ) after | ; statement | ; c | & cond after | union

            # --- Operators, lists and calls: x + sleep(1), x = (SELECT ...), x, (SELECT ...).
            operation   = f ( rest | subquery | ( f rest | U E rest | U ( E rest
            list_item   = subquery | f !( rest | ( f rest
            subquery    = ( E | ( E ^) rest
            call        = f ( rest

            # --- Input that starts with SQL structure: OR 1=1--, UNION SELECT, ; DROP, a function call, SELECT.
            opener      = & opener_cond | union | ; statement | B by_value after1 | E statement_start
                        | f ( call_start | T statement_t_start
            opener_cond = 1 after1 | s after1 | operand o operand after1 | call | ( in_parens | E rest
            statement_start = f ( rest | ( rest | 1 select_tail | s select_tail | o k rest | k k_value
                        | n k n select_from_tail
            k_value     = 1 rest | s rest | v rest | f rest | ( rest
            select_tail = k * rest | , rest | U rest | c | & rest | ; rest | B rest | o rest
            select_from_tail = B rest | U rest | & rest | c | ; rest | ) rest | o rest | , rest
            statement_t_start = v rest | ( s rest | ( v rest | subquery | c | n s rest | n n statement_t_end
                        | k k_arg
            statement_t_end = ; rest | c
            k_arg       = empty | s rest | v rest | ( rest | ; rest | c | 1 rest

            # --- Arguments of a call at the start: sleep(5) and version() yes, day(s) and if (1) equ (1) no.
            call_start  = empty | ) call_end | value call_in | n call_word | f rest | ( rest | E rest | k rest
                        | , rest | t rest | o ) call_end
            call_in     = empty | ) call_end | , rest | o rest | k rest | ( rest | & rest | value rest
            call_end    = empty | o rest | & rest | U rest | ; rest | c | k rest | B rest | ) rest | , rest
            call_word   = ( rest | o rest | , rest | . rest | k rest | & rest | ) call_word_end
            call_word_end = & rest | U rest | ; rest | c | k rest | B rest | ) rest

            rest        = empty | * rest
            """;

    /** Symbol codes: 0..255 a token kind; 256..511 any kind but one; ANY any token; rules from FIRST_RULE. */
    private static final int EXCEPT = 256;
    private static final int ANY = 512;
    private static final int FIRST_RULE = 1024;
    private static final int STRICT = 1 << 20;

    private static final int[][][] ALTERNATIVES;
    private static final boolean[] NULLABLE;
    /** Per rule and alternative: the token kinds it can start with (nullable alternatives are never skipped). */
    private static final boolean[][][] STARTS;
    private static final int START;
    private static final int QUOTED;

    static {
        Map<String, List<String>> source = parse(RULES);
        List<String> names = new ArrayList<>(source.keySet());
        Map<String, Integer> codes = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            codes.put(names.get(i), FIRST_RULE + i);
        }
        ALTERNATIVES = new int[names.size()][][];
        for (int i = 0; i < names.size(); i++) {
            List<String> alternatives = source.get(names.get(i));
            ALTERNATIVES[i] = new int[alternatives.size()][];
            for (int a = 0; a < alternatives.size(); a++) {
                ALTERNATIVES[i][a] = encode(alternatives.get(a), codes, names.get(i));
            }
        }
        NULLABLE = nullable();
        STARTS = starts();
        START = codes.get("start");
        QUOTED = codes.get("quoted");
    }

    private FingerprintGrammar() {}

    /**
     * Whether the fingerprint reads as an injection shape. {@code quoted}: the reading assumed an opening quote
     * before the input, so a leading string token is the application's own string, broken out of.
     */
    static boolean accepts(String fingerprint, boolean quoted) {
        int length = fingerprint.length();
        if (length == 0) {
            return false;
        }
        long key = cacheKey(fingerprint, quoted);
        if (key < 0) {
            return parse(fingerprint, quoted);
        }
        int slot = (int) ((key * 0x9E3779B97F4A7C15L) >>> (64 - CACHE_BITS));
        long entry = CACHE.get(slot);
        if ((entry & ~RESULT) == (key | VALID)) {
            return (entry & RESULT) != 0;
        }
        boolean result = parse(fingerprint, quoted);
        CACHE.set(slot, key | VALID | (result ? RESULT : 0));
        return result;
    }

    /** {@link #accepts} without the table (for tests). */
    static boolean parse(String fingerprint, boolean quoted) {
        int length = fingerprint.length();
        boolean prefix = length >= TokenFolder.MAX;
        return (ends(quoted ? QUOTED : START, 0, fingerprint, prefix) & (1 << length)) != 0;
    }

    /**
     * Verdicts by fingerprint, in a small table indexed by hash that any thread may overwrite: ordinary traffic has
     * a few dozen fingerprints, each parsed by the grammar once rather than for every value.
     */
    private static final int CACHE_BITS = 12;
    private static final AtomicLongArray CACHE = new AtomicLongArray(1 << CACHE_BITS);
    private static final long VALID = 1L << 62;
    private static final long RESULT = 1L << 61;

    /** The fingerprint and the context as one number (7 bits per char), or -1 when it does not fit. */
    private static long cacheKey(String fingerprint, boolean quoted) {
        int length = fingerprint.length();
        if (length > 7) {
            return -1;
        }
        long key = (quoted ? 1 : 0) | (long) length << 1;
        for (int i = 0; i < length; i++) {
            char c = fingerprint.charAt(i);
            if (c >= 128) {
                return -1;
            }
            key |= (long) c << (4 + 7 * i);
        }
        return key;
    }

    /**
     * The set (bit i = position i) of input positions where a reading of {@code symbol} starting at {@code at}
     * can end. With {@code prefix}, reaching the end of the input satisfies whatever remains.
     */
    private static int ends(int symbol, int at, String fp, boolean prefix) {
        int length = fp.length();
        boolean strict = (symbol & STRICT) != 0;
        symbol &= ~STRICT;
        if (at == length) {
            return (prefix && !strict) || (symbol >= FIRST_RULE && NULLABLE[symbol - FIRST_RULE]) ? 1 << length : 0;
        }
        if (symbol < EXCEPT) {
            return fp.charAt(at) == symbol ? 1 << (at + 1) : 0;
        }
        if (symbol < ANY) {
            return fp.charAt(at) != symbol - EXCEPT ? 1 << (at + 1) : 0;
        }
        if (symbol == ANY) {
            return 1 << (at + 1);
        }
        int result = 0;
        int rule = symbol - FIRST_RULE;
        char head = fp.charAt(at);
        for (int a = 0; a < ALTERNATIVES[rule].length; a++) {
            boolean[] starts = STARTS[rule][a];
            if (starts != null && !starts[head]) {
                continue;
            }
            int[] alternative = ALTERNATIVES[rule][a];
            int positions = 1 << at;
            for (int part : alternative) {
                int next = 0;
                for (int p = at; p <= length; p++) {
                    if ((positions & (1 << p)) != 0) {
                        next |= ends(part, p, fp, prefix);
                    }
                }
                positions = next;
                if (positions == 0) {
                    break;
                }
            }
            result |= positions;
        }
        return result;
    }

    private static Map<String, List<String>> parse(String rules) {
        Map<String, List<String>> result = new java.util.LinkedHashMap<>();
        String current = null;
        for (String rawLine : rules.split("\n")) {
            String line = rawLine.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String body;
            if (line.startsWith("|")) {
                body = line.substring(1);
            } else {
                int eq = line.indexOf('=');
                current = line.substring(0, eq).strip();
                body = line.substring(eq + 1);
                if (result.put(current, new ArrayList<>()) != null) {
                    throw new IllegalStateException("rule defined twice: " + current);
                }
            }
            for (String alternative : body.split("\\|", -1)) {
                if (!alternative.isBlank()) {
                    result.get(current).add(alternative.strip());
                }
            }
        }
        return result;
    }

    private static int[] encode(String alternative, Map<String, Integer> codes, String rule) {
        if (alternative.equals("empty")) {
            return new int[0];
        }
        String[] symbols = alternative.split("\\s+");
        int[] encoded = new int[symbols.length];
        for (int i = 0; i < symbols.length; i++) {
            String symbol = symbols[i];
            int flag = 0;
            if (symbol.length() > 1 && symbol.startsWith("!")) {
                flag = STRICT;
                symbol = symbol.substring(1);
            }
            if (symbol.equals("*")) {
                encoded[i] = ANY;
            } else if (symbol.length() == 2 && symbol.charAt(0) == '^') {
                encoded[i] = EXCEPT + symbol.charAt(1);
            } else if (symbol.length() == 1) {
                encoded[i] = symbol.charAt(0);
            } else {
                Integer code = codes.get(symbol);
                if (code == null) {
                    throw new IllegalStateException("rule " + rule + " uses undefined " + symbol);
                }
                encoded[i] = code;
            }
            encoded[i] |= flag;
        }
        return encoded;
    }

    /** First-token sets, or null for an alternative that can be empty. */
    private static boolean[][][] starts() {
        boolean[][] ruleStarts = new boolean[ALTERNATIVES.length][256];
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int r = 0; r < ALTERNATIVES.length; r++) {
                for (int[] alternative : ALTERNATIVES[r]) {
                    changed |= addStarts(alternative, ruleStarts, ruleStarts[r]);
                }
            }
        }
        boolean[][][] result = new boolean[ALTERNATIVES.length][][];
        for (int r = 0; r < ALTERNATIVES.length; r++) {
            result[r] = new boolean[ALTERNATIVES[r].length][];
            for (int a = 0; a < ALTERNATIVES[r].length; a++) {
                if (!isNullable(ALTERNATIVES[r][a])) {
                    result[r][a] = new boolean[256];
                    addStarts(ALTERNATIVES[r][a], ruleStarts, result[r][a]);
                }
            }
        }
        return result;
    }

    /** Adds the kinds {@code sequence} can start with to {@code into}; true when {@code into} grew. */
    private static boolean addStarts(int[] sequence, boolean[][] ruleStarts, boolean[] into) {
        boolean grew = false;
        for (int part : sequence) {
            int code = part & ~STRICT;
            for (int c = 0; c < 256; c++) {
                boolean member;
                if (code < EXCEPT) {
                    member = c == code;
                } else if (code < ANY) {
                    member = c != code - EXCEPT;
                } else if (code == ANY) {
                    member = true;
                } else {
                    member = ruleStarts[code - FIRST_RULE][c];
                }
                if (member && !into[c]) {
                    into[c] = true;
                    grew = true;
                }
            }
            if (code < FIRST_RULE || !NULLABLE[code - FIRST_RULE]) {
                break;
            }
        }
        return grew;
    }

    private static boolean isNullable(int[] sequence) {
        for (int part : sequence) {
            int code = part & ~STRICT;
            if (code < FIRST_RULE || !NULLABLE[code - FIRST_RULE]) {
                return false;
            }
        }
        return true;
    }

    private static boolean[] nullable() {
        boolean[] result = new boolean[ALTERNATIVES.length];
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int r = 0; r < ALTERNATIVES.length; r++) {
                if (result[r]) {
                    continue;
                }
                for (int[] alternative : ALTERNATIVES[r]) {
                    boolean all = true;
                    for (int part : alternative) {
                        int code = part & ~STRICT;
                        all &= code >= FIRST_RULE && result[code - FIRST_RULE];
                    }
                    if (all) {
                        result[r] = true;
                        changed = true;
                        break;
                    }
                }
            }
        }
        return result;
    }
}
