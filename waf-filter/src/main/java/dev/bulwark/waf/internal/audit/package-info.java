/**
 * Internal: the JSON audit log. {@link dev.bulwark.waf.internal.audit.AuditLog} is the entry point the filter calls
 * at the end of each request; it decides whether the transaction is recorded ({@code SecAuditEngine},
 * {@code SecAuditLogRelevantStatus}, {@code ctl:auditEngine}), takes a redacted, capped snapshot
 * ({@link dev.bulwark.waf.internal.audit.AuditRecord}) and hands it to a bounded asynchronous writer that formats it
 * as one line of JSON ({@link dev.bulwark.waf.internal.audit.AuditJson}) and appends it to a size-rotated file. Not
 * part of the public API; may change without notice.
 */
package dev.bulwark.waf.internal.audit;
