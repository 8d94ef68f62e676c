package dev.bulwark.waf.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * What a logged match is for the tuning: a detection (a rule that found something in the request, the thing an
 * exclusion targets), an anomaly evaluation (the rule that compares the score with the threshold and blocks), or
 * something else (reporting rules in phase 5). Also tells the libinjection matches apart, the strongest sign of a
 * real attack.
 */
final class Matches {

    private Matches() {}

    /**
     * The blocking evaluation of anomaly scoring: tagged {@code anomaly-evaluation} (CRS 949110, Bulwark 100900), or
     * any match on a TX variable (a score or a flag the rules computed, never request data).
     */
    static boolean isEvaluation(AuditMessage m) {
        return m.hasTag("anomaly-evaluation") || isTxVariable(m.variable());
    }

    /**
     * A rule that inspected request (or response) data and matched: not an evaluation, not in phase 5 (logging and
     * reporting rules run after everything was decided), and with a rule id.
     */
    static boolean isDetection(AuditMessage m) {
        return m.ruleId() >= 0 && m.phase() != 5 && !isEvaluation(m);
    }

    /** The detections of {@code e}, in order. */
    static List<AuditMessage> detections(AuditEntry e) {
        List<AuditMessage> out = new ArrayList<>();
        for (AuditMessage m : e.messages()) {
            if (isDetection(m)) {
                out.add(m);
            }
        }
        return out;
    }

    /**
     * A match of libinjection ({@code @detectSQLi}, {@code @detectXSS}): it recognises SQL or HTML syntax, not a
     * keyword, and rarely fires on prose; a request it flags is treated as an attack.
     */
    static boolean isLibinjection(AuditMessage m) {
        String op = m.operator().trim();
        if (op.startsWith("!")) {
            return false;
        }
        return ByteText.startsWithIgnoreCase(op, "@detectSQLi") || ByteText.startsWithIgnoreCase(op, "@detectXSS");
    }

    /**
     * Whether removing the match's variable from the rule is possible: a variable name we can write back ({@code
     * ARGS:comment}, {@code REQUEST_FILENAME}), not a count ({@code &ARGS}) nor a TX variable.
     */
    static boolean excludableByTarget(AuditMessage m) {
        String v = m.variable();
        if (v.isEmpty() || v.startsWith("&") || isTxVariable(v)) {
            return false;
        }
        int colon = v.indexOf(':');
        String name = colon < 0 ? v : v.substring(0, colon);
        if (name.isEmpty()) {
            return false;
        }
        for (int k = 0; k < name.length(); k++) {
            char c = name.charAt(k);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
                return false;
            }
        }
        return colon < 0 || colon < v.length() - 1;
    }

    private static boolean isTxVariable(String variable) {
        return variable.equalsIgnoreCase("TX") || ByteText.startsWithIgnoreCase(variable, "TX:");
    }
}
