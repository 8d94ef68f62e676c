package dev.bulwark.waf.cli;

import java.util.List;

/**
 * One {@code messages[]} entry of an audit log line: a rule match. Text values are byte strings.
 *
 * @param ruleId the rule id, or -1 when the line has none that is a number
 * @param file the rule's file, "" when not recorded
 * @param line the rule's line, or 0
 * @param phase the phase it matched in (1-5), or -1 when not recorded (part K missing)
 * @param message the expanded {@code msg}
 * @param data the expanded {@code logdata}
 * @param severity 0-7, or -1
 * @param tags the rule's tags
 * @param variable the variable and key that matched ({@code ARGS:comment}), "" when unknown
 * @param matched the matched value excerpt (after the rule's transformations; at most 256 bytes in the log)
 * @param matchedLength the matched value's whole length, or -1 when not recorded
 * @param operator the operator as written ({@code @rx select}), "" when unknown
 * @param disruptive whether this match stopped the transaction
 */
record AuditMessage(
        long ruleId,
        String file,
        int line,
        int phase,
        String message,
        String data,
        int severity,
        List<String> tags,
        String variable,
        String matched,
        long matchedLength,
        String operator,
        boolean disruptive) {

    AuditMessage {
        tags = List.copyOf(tags);
    }

    /** {@code file:line} of the rule, or "?" when the log does not say. */
    String location() {
        if (file.isEmpty()) {
            return "?";
        }
        return line > 0 ? file + ":" + line : file;
    }

    /** Whether the rule carries {@code tag} (ASCII case ignored). */
    boolean hasTag(String tag) {
        for (String t : tags) {
            if (t.equalsIgnoreCase(tag)) {
                return true;
            }
        }
        return false;
    }
}
