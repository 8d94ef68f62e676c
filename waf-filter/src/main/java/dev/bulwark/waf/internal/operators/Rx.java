package dev.bulwark.waf.internal.operators;

import dev.bulwark.waf.internal.regex.Regex;
import dev.bulwark.waf.internal.regex.RegexSyntaxException;
import dev.bulwark.waf.internal.regex.SignatureFilter;

/**
 * {@code @rx pattern}: matches when the regular expression (RE2 syntax, through {@link Regex}) matches anywhere in
 * the value. With the {@code capture} action, the whole match goes to {@code TX:0} and groups 1..9 to
 * {@code TX:1..9}, as in ModSecurity: every group up to the last one that took part in the match is set, a group
 * that did not take part reads as empty, and later ones are left unset. Macros are not expanded: the pattern is
 * compiled once, at load, and a pattern with {@code %{...}} is a load error.
 *
 * <p>Example: {@code SecRule ARGS "@rx (?i)union\s+select" "id:1,deny"}.
 */
final class Rx implements Operator {

    private final Regex regex;

    Rx(OperatorArgument argument) throws OperatorException {
        this.regex = compile("rx", argument);
    }

    /** Compiles a pattern argument for {@code @rx} and {@code @rxGlobal}. */
    static Regex compile(String operator, OperatorArgument argument) throws OperatorException {
        if (!argument.macro().isConstant()) {
            throw new OperatorException("@" + operator
                    + " does not expand macros: patterns are compiled once, at load");
        }
        try {
            return Regex.compile(argument.text());
        } catch (RegexSyntaxException e) {
            throw new OperatorException("@" + operator + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean matches(OperatorContext context, String value) {
        // a pattern that rules nothing out by signature (^.*$ in CRS 920450) needs none
        long[] signature = regex.hasPrefilter() ? context.valueSignature(value) : null;
        if (!context.captureEnabled()) {
            return regex.find(value, signature);
        }
        String[] groups = regex.findGroups(value, signature);
        if (groups == null) {
            return false;
        }
        setCaptures(context, groups, 0);
        return true;
    }

    /**
     * Stores the groups of one match from {@code TX:first} on, up to the last group that took part and at most up to
     * {@code TX:9}. Returns the next free index.
     */
    static int setCaptures(OperatorContext context, String[] groups, int first) {
        int last = groups.length - 1;
        while (last > 0 && groups[last] == null) {
            last--;
        }
        int index = first;
        for (int g = 0; g <= last && index <= 9; g++, index++) {
            context.setCapture(index, groups[g] == null ? "" : groups[g]);
        }
        return index;
    }

    @Override
    public String toString() {
        return "@rx " + regex.source();
    }

    @Override
    public boolean valueDetermined() {
        return true;
    }

    @Override
    public SignatureFilter unionFilter() {
        return regex.signatureFilter();
    }
}
