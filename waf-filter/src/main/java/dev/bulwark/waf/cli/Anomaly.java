package dev.bulwark.waf.cli;

import dev.bulwark.waf.internal.text.Ascii;

/**
 * A transaction's inbound anomaly score and the threshold it was measured against, as far as they can be known.
 * Blocking happens at a total of {@code threshold} or more.
 *
 * @param total the inbound total, or null when the log does not say
 * @param threshold the inbound threshold, or null when unknown
 * @param thresholdSource where the threshold came from ("audit log", "rule 100900 in the audit log", "rules"), or
 *     null
 */
record Anomaly(Long total, Long threshold, String thresholdSource) {

    /**
     * What {@code e} says about its score, with {@code rulesThreshold} (read from the rule set, or null) as the last
     * resort for the threshold. In order of preference, the total is CRS's {@code blocking_inbound_anomaly_score},
     * CRS 3's {@code inbound_anomaly_score}, the sum of the per-paranoia-level scores, or the value an evaluation
     * rule compared (Bulwark's own rules keep their score in {@code tx.bulwark_score}, which only shows there). The
     * threshold is {@code inbound_anomaly_score_threshold} if recorded, else read from the evaluation rule's
     * operator ({@code @ge 5}, {@code @ge %{tx.name}} with {@code name} recorded, {@code @gt 4}), else the rules'.
     */
    static Anomaly of(AuditEntry e, Long rulesThreshold) {
        Long total = e.anomalyScore("blocking_inbound_anomaly_score");
        if (total == null) {
            total = e.anomalyScore("inbound_anomaly_score");
        }
        if (total == null) {
            for (int pl = 1; pl <= 4; pl++) {
                Long s = e.anomalyScore("inbound_anomaly_score_pl" + pl);
                if (s != null) {
                    total = (total == null ? 0 : total) + s;
                }
            }
        }
        AuditMessage evaluation = inboundEvaluation(e);
        if (total == null && evaluation != null) {
            total = AuditEntry.wholeNumber(evaluation.matched());
        }
        Long threshold = e.anomalyScore("inbound_anomaly_score_threshold");
        String source = threshold == null ? null : "audit log";
        if (threshold == null && evaluation != null) {
            threshold = fromOperator(e, evaluation.operator());
            source = threshold == null ? null : "operator of rule " + evaluation.ruleId() + " in the audit log";
        }
        if (threshold == null && rulesThreshold != null) {
            threshold = rulesThreshold;
            source = "rules";
        }
        return new Anomaly(total, threshold, source);
    }

    /** The evaluation match of the request phases (1, 2, or unknown), or null. */
    private static AuditMessage inboundEvaluation(AuditEntry e) {
        for (AuditMessage m : e.messages()) {
            if (Matches.isEvaluation(m) && m.phase() <= 2 && m.phase() != 0) {
                return m;
            }
        }
        return null;
    }

    /** {@code @ge N} gives N, {@code @gt N} gives N + 1; the operand may be a recorded {@code %{tx.name}}. */
    private static Long fromOperator(AuditEntry e, String operator) {
        String op = operator.trim();
        long plus;
        if (ByteText.startsWithIgnoreCase(op, "@ge ")) {
            plus = 0;
        } else if (ByteText.startsWithIgnoreCase(op, "@gt ")) {
            plus = 1;
        } else {
            return null;
        }
        String operand = op.substring(4).trim();
        Long n;
        if (operand.startsWith("%{") && operand.endsWith("}")) {
            String name = Ascii.lower(operand.substring(2, operand.length() - 1).trim());
            if (!name.startsWith("tx.")) {
                return null;
            }
            n = e.anomalyScore(name.substring(3));
        } else {
            n = AuditEntry.wholeNumber(operand);
        }
        return n == null ? null : n + plus;
    }

    /** Whether the total is known and more than {@code factor} times the known threshold. */
    boolean exceeds(long factor) {
        return total != null && threshold != null && threshold > 0 && total > factor * threshold;
    }

    /** {@code 10 (threshold 5, from the audit log)} and the like, for people. */
    String describe() {
        String t = threshold == null ? "threshold unknown"
                : "threshold " + threshold + ", from the " + thresholdSource + "; blocked at " + threshold
                        + " or more";
        return (total == null ? "total unknown" : Long.toString(total)) + " (" + t + ")";
    }
}
