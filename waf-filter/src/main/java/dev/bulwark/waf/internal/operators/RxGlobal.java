package dev.bulwark.waf.internal.operators;

import com.google.re2j.Matcher;
import dev.bulwark.waf.internal.regex.Regex;

/**
 * {@code @rxGlobal pattern} (from ModSecurity v3): matches exactly when {@code @rx} would, but with the
 * {@code capture} action it captures every match, left to right, instead of the first: the groups of the first match
 * fill {@code TX:0}, {@code TX:1}, ..., those of the next match continue where they stopped, up to {@code TX:9}.
 * Empty matches are not captured, unless nothing but empty matches occur, in which case the first one is (so a match
 * always sets {@code TX:0}).
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
        String[] firstEmpty = null;
        boolean capturedAny = false;
        int next = 0;
        while (next <= 9 && m.find()) {
            if (m.start() == m.end()) {
                if (firstEmpty == null && !capturedAny) {
                    firstEmpty = groups(m);
                }
                continue;
            }
            next = Rx.setCaptures(context, groups(m), next);
            capturedAny = true;
        }
        if (!capturedAny && firstEmpty != null) {
            Rx.setCaptures(context, firstEmpty, 0);
        }
        return capturedAny || firstEmpty != null;
    }

    private static String[] groups(Matcher m) {
        String[] groups = new String[m.groupCount() + 1];
        for (int i = 0; i < groups.length; i++) {
            groups[i] = m.group(i);
        }
        return groups;
    }

    @Override
    public String toString() {
        return "@rxGlobal " + regex.source();
    }
}
