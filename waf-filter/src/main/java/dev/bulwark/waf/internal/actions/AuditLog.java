package dev.bulwark.waf.internal.actions;

/**
 * {@code auditlog}: record the match in the audit log.
 *
 * <p>Example: {@code SecRule ... "id:1,auditlog"}.
 */
final class AuditLog implements Action {

    @Override
    public void applyTo(RuleDraft rule) {
        rule.auditLog = Boolean.TRUE;
    }
}
