package dev.bulwark.waf.internal.actions;

/**
 * {@code log}: write a log line when the rule matches (the default).
 *
 * <p>Example: {@code SecRule ... "id:1,log"}.
 */
final class Log implements Action {

    @Override
    public void applyTo(RuleDraft rule) {
        rule.log = Boolean.TRUE;
    }
}
