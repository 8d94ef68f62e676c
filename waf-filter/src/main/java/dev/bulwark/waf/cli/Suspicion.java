package dev.bulwark.waf.cli;

import dev.bulwark.waf.internal.libinjection.SqliDetector;
import dev.bulwark.waf.internal.libinjection.XssDetector;
import dev.bulwark.waf.internal.text.Ascii;
import java.util.HashSet;
import java.util.Set;

/**
 * The tuning heuristic: whether a logged transaction looks like an attack, in which case {@code tune} never counts it
 * towards an exclusion (and {@code --verify} checks it is still blocked). Deliberately conservative: a false
 * positive is one rule misreading one legitimate field, so anything beyond that is treated as an attack:
 *
 * <ol>
 *   <li>the incident was named with {@code --attack};
 *   <li>a libinjection rule matched ({@code @detectSQLi}, {@code @detectXSS}): it recognises SQL or HTML syntax
 *       rather than words, and rarely fires on prose;
 *   <li>{@value #MANY_RULES} or more different detection rules matched;
 *   <li>detection rules matched {@value #MANY_VARIABLES} or more different fields (scanners fill every field);
 *   <li>the inbound anomaly score is more than {@value #SCORE_FACTOR} times the threshold (when both are known);
 *   <li>a value a detection rule matched is SQL injection or XSS to libinjection, run here on the logged value: so
 *       the check also works for rule sets without libinjection rules (Bulwark's own), where one precise rule
 *       matching one field is all an attack shows.
 * </ol>
 */
final class Suspicion {

    static final int MANY_RULES = 3;
    static final int MANY_VARIABLES = 3;
    static final int SCORE_FACTOR = 2;

    private Suspicion() {}

    /**
     * Why {@code e} looks like an attack, or null when it looks benign.
     *
     * @param anomaly its score and threshold
     * @param marked the incident ids named with {@code --attack}
     */
    static String reason(AuditEntry e, Anomaly anomaly, Set<String> marked) {
        if (marked.contains(e.id())) {
            return "marked with --attack";
        }
        Set<Long> rules = new HashSet<>();
        Set<String> variables = new HashSet<>();
        for (AuditMessage m : e.messages()) {
            if (Matches.isLibinjection(m)) {
                return "libinjection rule " + m.ruleId() + " matched " + ByteText.escape(m.variable());
            }
            if (Matches.isDetection(m)) {
                rules.add(m.ruleId());
                variables.add(Ascii.lower(m.variable()));
            }
        }
        if (rules.size() >= MANY_RULES) {
            return rules.size() + " different detection rules matched";
        }
        if (variables.size() >= MANY_VARIABLES) {
            return "detections in " + variables.size() + " different fields";
        }
        if (anomaly.exceeds(SCORE_FACTOR)) {
            return "anomaly score " + anomaly.total() + " is more than " + SCORE_FACTOR + " times the threshold "
                    + anomaly.threshold();
        }
        for (AuditMessage m : e.messages()) {
            if (!Matches.isDetection(m)) {
                continue;
            }
            String fingerprint = SqliDetector.detect(m.matched());
            if (fingerprint != null) {
                return "libinjection reads the value rule " + m.ruleId() + " matched in "
                        + ByteText.escape(m.variable()) + " as SQL injection (" + fingerprint + ")";
            }
            if (XssDetector.isXss(m.matched())) {
                return "libinjection reads the value rule " + m.ruleId() + " matched in "
                        + ByteText.escape(m.variable()) + " as XSS";
            }
        }
        return null;
    }
}
