package dev.bulwark.waf.internal.actions;

/**
 * {@code noauditlog}: keep the match out of the audit log (it is still logged).
 *
 * <p>Example: {@code SecRule ... "id:1,noauditlog"}.
 */
final class NoAuditLog implements Action {

    @Override
    public void applyTo(RuleDraft rule) {
        rule.auditLog = Boolean.FALSE;
    }
}
