package dev.bulwark.waf;

import java.util.List;
import java.util.Objects;

/**
 * One rule match: the event every report is made from (log line, audit log, explanation, metrics). Immutable.
 *
 * @param ruleId the rule's id
 * @param location where the rule was written
 * @param phase the phase it matched in (1..5)
 * @param variable the variable and key that matched, as SecLang writes it (e.g. {@code ARGS:comment})
 * @param matchedValue the value the operator matched, after the rule's transformations (a byte string)
 * @param operator the operator as written (e.g. {@code @rx (?i)select})
 * @param message the expanded {@code msg}, or "" when the rule has none
 * @param logData the expanded {@code logdata}, or ""
 * @param tags the rule's tags
 * @param severity 0..7, or -1 when the rule has none
 * @param ver the rule's {@code ver}, or null
 * @param logged whether the rule writes a log line for this match ({@code log}/{@code nolog})
 * @param auditLogged whether the match belongs in the audit log ({@code auditlog}/{@code noauditlog})
 * @param disruptive whether this match stopped the transaction (deny, drop, redirect with the engine On)
 */
public record RuleMatch(
        long ruleId,
        SourceLocation location,
        int phase,
        String variable,
        String matchedValue,
        String operator,
        String message,
        String logData,
        List<String> tags,
        int severity,
        String ver,
        boolean logged,
        boolean auditLogged,
        boolean disruptive) {

    private static final List<String> SEVERITIES =
            List.of("EMERGENCY", "ALERT", "CRITICAL", "ERROR", "WARNING", "NOTICE", "INFO", "DEBUG");

    public RuleMatch {
        Objects.requireNonNull(location);
        Objects.requireNonNull(variable);
        tags = List.copyOf(tags);
    }

    /** The severity's name ({@code CRITICAL}...), or null when the rule has none. */
    public String severityName() {
        return severity >= 0 && severity < SEVERITIES.size() ? SEVERITIES.get(severity) : null;
    }

    /**
     * The narrowest exclusion that stops this rule from inspecting this variable, everywhere: a
     * {@code SecRuleUpdateTargetById} line to place after the rule is loaded. Null when the match was not on a
     * keyed variable (then only removing the rule helps).
     */
    public String exclusionDirective() {
        int colon = variable.indexOf(':');
        if (colon <= 0 || variable.startsWith("TX:") || variable.startsWith("&")) {
            return null;
        }
        return "SecRuleUpdateTargetById " + ruleId + " \"!" + variable + "\"";
    }

    /**
     * The same exclusion limited to one request path, as a rule to place before the rules it tunes: it removes the
     * variable from this rule only for requests whose path starts with {@code path}.
     */
    public String pathScopedExclusionRule(long newRuleId, String path) {
        if (exclusionDirective() == null) {
            return null;
        }
        return "SecRule REQUEST_FILENAME \"@beginsWith " + path.replace("\"", "\\\"") + "\" \"id:" + newRuleId
                + ",phase:1,pass,nolog,ctl:ruleRemoveTargetById=" + ruleId + ";" + variable + "\"";
    }
}
