package dev.bulwark.waf.internal.actions;

/**
 * {@code nolog}: no log line when the rule matches (also keeps it out of the audit log).
 *
 * <p>Example: {@code SecRule ... "id:1,nolog"}.
 */
final class NoLog implements Action {

    @Override
    public void applyTo(RuleDraft rule) {
        rule.log = Boolean.FALSE;
        rule.auditLog = Boolean.FALSE;
    }
}
