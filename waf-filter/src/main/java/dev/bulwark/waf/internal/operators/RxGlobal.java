package dev.bulwark.waf.internal.operators;

import com.google.re2j.Matcher;
import dev.bulwark.waf.internal.regex.Regex;

/**
 * {@code @rxGlobal pattern} (from ModSecurity v3): matches exactly when {@code @rx} would, but with the
 * {@code capture} action it captures every match, left to right, instead of the first: the groups of the first match
 * fill {@code TX:0}, {@code TX:1}, ..., those of the next match continue where they stopped, up to {@code TX:9}.
 * Matches follow one another as in ModSecurity v3 (PCRE's global matching): the next search starts where the last
 * match ended, and after an empty match one byte later, so empty matches are captured too ({@code [a-z]*} on
 * {@code aaa0bbb} captures {@code aaa}, the empty match before {@code 0}, {@code bbb} and the empty match at the end).
 *
 * <p>Example: {@code SecRule ARGS "@rxGlobal \d{3}" "id:1,pass,capture,setvar:tx.codes=%{TX.0}%{TX.1}"}.
 */
final class RxGlobal implements Operator {

    private final Regex regex;

    RxGlobal(OperatorArgument argument) throws OperatorException {
        this.regex = Rx.compile("rxGlobal", argument);
    }

    @Override
    public boolean matches(OperatorContext context, String value) {
        if (!context.captureEnabled()) {
            return regex.find(value);
        }
        Matcher m = regex.matcher(value);
        boolean matched = false;
        int next = 0;
        while (next <= 9 && m.find()) {
            matched = true;
            String[] groups = new String[m.groupCount() + 1];
            for (int i = 0; i < groups.length; i++) {
                groups[i] = m.group(i);
            }
            next = Rx.setCaptures(context, groups, next);
        }
        return matched;
    }

    @Override
    public String toString() {
        return "@rxGlobal " + regex.source();
    }
}
