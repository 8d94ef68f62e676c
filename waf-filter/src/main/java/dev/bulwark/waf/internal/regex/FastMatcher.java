package dev.bulwark.waf.internal.regex;

/**
 * The match-only fast path of {@link Regex}: answers "does the pattern match somewhere in this byte string" at DFA
 * speed with exactly RE2/J's answer. It parses the pattern itself ({@link RegexParser}), builds a Thompson
 * {@link Nfa} and searches with a {@link LazyDfa}. Patterns it does not model get no fast matcher ({@link #compile}
 * returns null) and stay with RE2/J; so do inputs holding a char above 255 and searches whose DFA states
 * overflow the memory budget ({@link #find} answers {@link #UNDECIDED}).
 *
 * <p>Immutable apart from the DFA's internal state cache; thread-safe.
 *
 * <p>Example: {@code FastMatcher.compile("(?i)union\\s+select").find("1 UNION  select")} is {@link #MATCH}.
 */
final class FastMatcher {

    static final int NO_MATCH = LazyDfa.NO_MATCH;
    static final int MATCH = LazyDfa.MATCH;
    /** RE2/J must decide: the input is not a byte string, or the DFA thrashes on it. */
    static final int UNDECIDED = LazyDfa.UNDECIDED;

    /**
     * DFA state memory per pattern before its cache is emptied and rebuilt. CRS patterns on request data stay far
     * below (see the differential test's report); the bound is for adversarial inputs.
     */
    static final long DEFAULT_MEMORY_BUDGET = 1 << 20;

    private final LazyDfa dfa;

    private FastMatcher(LazyDfa dfa) {
        this.dfa = dfa;
    }

    /**
     * A fast matcher for {@code pattern} as {@link Regex} compiles it for RE2/J (after {@link PcreCompatibility},
     * with DOTALL), or null when the pattern uses something the fast path does not model. The pattern must already
     * be accepted by RE2/J: this is not a validator.
     */
    static FastMatcher compile(String pattern) {
        return compile(pattern, DEFAULT_MEMORY_BUDGET);
    }

    static FastMatcher compile(String pattern, long memoryBudget) {
        try {
            return new FastMatcher(new LazyDfa(Nfa.compile(RegexParser.parse(pattern)), memoryBudget));
        } catch (UnsupportedPatternException e) {
            return null;
        } catch (StackOverflowError e) {
            // absurdly deep nesting: RE2/J accepted it, but the recursive NFA builder cannot; leave it to RE2/J
            return null;
        }
    }

    /** Why {@code pattern} gets no fast matcher, or null when it gets one (diagnostics for tests). */
    static String unsupportedReason(String pattern) {
        try {
            Nfa.compile(RegexParser.parse(pattern));
            return null;
        } catch (UnsupportedPatternException e) {
            return e.getMessage();
        } catch (StackOverflowError e) {
            return "nesting too deep";
        }
    }

    /** {@link #MATCH}, {@link #NO_MATCH}, or {@link #UNDECIDED} (see there). */
    int find(String input) {
        return dfa.find(input);
    }

    LazyDfa dfa() {
        return dfa;
    }
}
