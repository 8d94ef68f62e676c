package dev.bulwark.waf.internal.regex;

import java.util.List;

/**
 * Builds the {@link Prefilter} of a phrase list ({@code @pm}): a necessary condition, tested on a
 * {@link Regex#signature} or {@link Regex#unionSignature}, for one of the phrases to occur in a value ignoring ASCII
 * case. Built from the same
 * analysis as a pattern's prefilter, applied to the case-insensitive alternation of the phrases as literals; that
 * alternation matches every value the phrase automaton matches (and a few more through Unicode case folding of bytes
 * above 127), so the condition is sound. It never decides a match: the automaton does.
 *
 * <p>Immutable and thread-safe.
 */
public final class PhraseFilter {

    /**
     * Formula size limit: phrase lists are alternations of literals, indexed by anchor pair, so even CRS's largest
     * (about 1,800 phrases) is cheap to test; beyond this the list gets no filter.
     */
    private static final int MAX_NODES = 1 << 17;

    private PhraseFilter() {}

    /**
     * The filter of {@code phrases} (byte strings), or null when it would let every value through (an empty phrase,
     * a one-byte phrase made of common bytes, or too large a list to analyse).
     */
    public static SignatureFilter of(List<String> phrases) {
        if (phrases.isEmpty()) {
            return null;
        }
        StringBuilder pattern = new StringBuilder("(?i)(?:");
        for (int i = 0; i < phrases.size(); i++) {
            String phrase = phrases.get(i);
            if (phrase.isEmpty()) {
                return null;
            }
            if (i > 0) {
                pattern.append('|');
            }
            for (int j = 0; j < phrase.length(); j++) {
                char c = phrase.charAt(j);
                if (c > 0xFF) {
                    return null; // not a byte string: no filter rather than a wrong one
                }
                if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
                    pattern.append(c);
                } else {
                    pattern.append("\\x{").append(Integer.toHexString(c)).append('}');
                }
            }
        }
        pattern.append(')');
        RegexTree tree;
        try {
            tree = RegexParser.parse(pattern.toString());
        } catch (UnsupportedPatternException | StackOverflowError e) {
            return null;
        }
        return Prefilter.of(tree, MAX_NODES);
    }
}
