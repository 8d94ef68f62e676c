package dev.bulwark.waf;

/** {@code SecAuditEngine}: which transactions the audit log records. */
public enum AuditEngine {
    /** Every transaction. */
    ON("On"),
    /** None. */
    OFF("Off"),
    /**
     * Only relevant transactions: a rule match marked for the audit log ({@code auditlog}, the default for rules that
     * {@code log}), or a response status matching {@code SecAuditLogRelevantStatus}. Bulwark's default.
     */
    RELEVANT_ONLY("RelevantOnly");

    private final String secLang;

    AuditEngine(String secLang) {
        this.secLang = secLang;
    }

    /** The SecLang spelling ({@code On}, {@code Off}, {@code RelevantOnly}). */
    public String secLang() {
        return secLang;
    }

    /** Parses the SecLang spelling (ASCII case ignored); throws with the accepted values otherwise. */
    public static AuditEngine parse(String value) {
        String v = value.trim();
        for (AuditEngine e : values()) {
            if (e.secLang.equalsIgnoreCase(v)) {
                return e;
            }
        }
        throw new IllegalArgumentException("audit engine must be On, Off or RelevantOnly, not '" + value + "'");
    }
}
