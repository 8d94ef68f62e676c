package dev.bulwark.waf.internal.operators;

import dev.bulwark.waf.internal.regex.SignatureFilter;

/**
 * {@code @pm phrase1 phrase2 ...}: matches when any of the space-separated phrases occurs in the value, ignoring ASCII
 * case. Phrases use ModSecurity's phrase syntax ({@code |hex|} bytes, {@code \\} escapes; see {@link PhraseSyntax}).
 * The phrases are compiled once into an Aho-Corasick automaton ({@link PhraseMatcher}), so the cost per value does not
 * grow with their number. An empty value never matches. Macros are not expanded (as in ModSecurity).
 *
 * <p>With the {@code capture} action, {@code TX:0} receives the phrase that matched, as written in the rule: the one
 * ending first in the value, the longest if several end there.
 *
 * <p>Example: {@code SecRule RESPONSE_HEADERS:Content-Encoding "@pm gzip compress deflate br zstd" "id:1,pass"}.
 */
final class Pm implements Operator {

    private final String source;
    private final PhraseMatcher matcher;

    private Pm(String source, PhraseMatcher matcher) {
        this.source = source;
        this.matcher = matcher;
    }

    /** The {@code @pm} factory. */
    static Pm create(OperatorArgument argument) throws OperatorException {
        PhraseMatcher matcher = PhraseMatcher.build(PhraseSyntax.splitPhrases(argument.text()));
        if (matcher.size() == 0) {
            throw new OperatorException("@pm needs at least one phrase");
        }
        return new Pm("@pm " + argument.text(), matcher);
    }

    /** A phrase operator over an already built automaton ({@code @pmFromFile}). */
    static Pm of(String source, PhraseMatcher matcher) {
        return new Pm(source, matcher);
    }

    @Override
    public boolean matches(OperatorContext context, String value) {
        if (value.isEmpty()) {
            return false;
        }
        String phrase = matcher.find(value);
        if (phrase == null) {
            return false;
        }
        if (context.captureEnabled()) {
            context.setCapture(0, phrase);
        }
        return true;
    }

    @Override
    public String toString() {
        return source;
    }

    @Override
    public boolean valueDetermined() {
        return true;
    }

    @Override
    public SignatureFilter unionFilter() {
        return matcher.signatureFilter();
    }
}
