package dev.bulwark.waf.internal.operators;

import dev.bulwark.waf.internal.regex.Regex;
import dev.bulwark.waf.internal.regex.RegexSyntaxException;

/**
 * {@code @rx pattern}: matches when the regular expression (RE2 syntax) matches anywhere in the value. With the
 * {@code capture} action, the whole match goes to {@code TX:0} and groups 1..9 to {@code TX:1..9}.
 *
 * <p>Example: {@code SecRule ARGS "@rx (?i)union\s+select" "id:1,deny"}.
 */
final class Rx implements Operator {

    private final Regex regex;

    Rx(OperatorArgument argument) throws OperatorException {
        if (!argument.macro().isConstant()) {
            throw new OperatorException("@rx does not expand macros: patterns are compiled once, at load");
        }
        try {
            this.regex = Regex.compile(argument.text());
        } catch (RegexSyntaxException e) {
            throw new OperatorException(e.getMessage(), e);
        }
    }

    @Override
    public boolean matches(OperatorContext context, String value) {
        if (!context.captureEnabled()) {
            return regex.find(value);
        }
        String[] groups = regex.findGroups(value);
        if (groups == null) {
            return false;
        }
        for (int i = 0; i < groups.length && i < 10; i++) {
            if (groups[i] != null) {
                context.setCapture(i, groups[i]);
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "@rx " + regex.source();
    }
}
