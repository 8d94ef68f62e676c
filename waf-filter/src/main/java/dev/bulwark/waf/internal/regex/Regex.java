package dev.bulwark.waf.internal.regex;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * The single door through which every rule pattern is compiled and evaluated. RE2 semantics, always: RE2/J compiles
 * and validates the pattern, so matching is linear in the input whatever the pattern.
 *
 * <p>Inputs are byte strings (one char per byte, U+0000..U+00FF), which makes RE2/J see what PCRE sees in
 * ModSecurity. Two differences from PCRE are removed when compiling (see {@link PcreCompatibility}): {@code \s}
 * includes the vertical tab, and {@code (?i)} folds ASCII letters only.
 *
 * <p>Immutable and thread-safe.
 */
public final class Regex {

    private final String source;
    private final Pattern pattern;

    private Regex(String source, Pattern pattern) {
        this.source = source;
        this.pattern = pattern;
    }

    /**
     * Compiles {@code source} with ModSecurity's flags (dot matches newline; {@code $} only at the very end).
     *
     * @throws RegexSyntaxException when RE2 does not accept the pattern (backreferences, lookaround, ...)
     */
    public static Regex compile(String source) throws RegexSyntaxException {
        String rewritten = PcreCompatibility.rewrite(source);
        try {
            return new Regex(source, Pattern.compile(rewritten, Pattern.DOTALL));
        } catch (PatternSyntaxException e) {
            throw new RegexSyntaxException(source, e.getDescription());
        }
    }

    /** The pattern as written in the rule. */
    public String source() {
        return source;
    }

    /** Whether the pattern matches anywhere in {@code input}. */
    public boolean find(String input) {
        return pattern.matcher(input).find();
    }

    /**
     * Finds the first match and returns its groups (index 0 = whole match; unset groups are null), or null when
     * there is no match.
     */
    public String[] findGroups(String input) {
        Matcher m = pattern.matcher(input);
        if (!m.find()) {
            return null;
        }
        String[] groups = new String[m.groupCount() + 1];
        for (int i = 0; i < groups.length; i++) {
            groups[i] = m.group(i);
        }
        return groups;
    }

    /** A matcher for iterating over all matches (used by {@code @rxGlobal}). */
    public Matcher matcher(String input) {
        return pattern.matcher(input);
    }

    /** Number of capturing groups. */
    public int groupCount() {
        return pattern.groupCount();
    }

    @Override
    public String toString() {
        return source;
    }
}
