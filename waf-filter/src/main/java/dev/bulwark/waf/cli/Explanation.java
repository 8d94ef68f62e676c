package dev.bulwark.waf.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Why one transaction was (or was not) blocked, and the narrowest exclusion that would let it through: the request
 * line, the verdict, every rule that matched, the anomaly score against the threshold, and the suggested SecLang.
 * Printed as plain text for people or as JSON for tools. Immutable.
 *
 * @param entry the transaction as logged
 * @param path the request path the rules saw ({@code REQUEST_FILENAME}), which the exclusion is scoped to
 * @param anomaly the score and threshold, as far as known
 * @param detections the matches an exclusion targets (see {@link Matches#isDetection})
 * @param suggestion the exclusions for {@code detections}
 */
record Explanation(
        AuditEntry entry, String path, Anomaly anomaly, List<AuditMessage> detections,
        ExclusionSuggestion suggestion) {

    /** Longest matched value shown in the text form; the JSON form has the whole logged excerpt. */
    private static final int SHOWN_BYTES = 200;

    Explanation {
        detections = List.copyOf(detections);
    }

    /**
     * Explains {@code entry}; {@code rulesThreshold} is the threshold read from {@code --rules} (or null), new rule
     * ids start at {@code firstId}.
     */
    static Explanation of(AuditEntry entry, Long rulesThreshold, long firstId) {
        String path = ByteText.requestPath(entry.uri());
        List<AuditMessage> detections = Matches.detections(entry);
        return new Explanation(entry, path, Anomaly.of(entry, rulesThreshold), detections,
                ExclusionSuggestion.of(path, detections, firstId));
    }

    /** The verdict in words: {@code blocked: DENY, status 403, by rule 949110}. */
    String verdictText() {
        AuditEntry e = entry;
        if (e.outcome().isEmpty()) {
            return "unknown (no verdict recorded), response status " + e.status();
        }
        if (e.blocked()) {
            String by = e.interruptingRuleId() >= 0 ? ", by rule " + e.interruptingRuleId() : "";
            return "blocked: " + e.outcome() + ", status " + e.status() + by;
        }
        String text = "not blocked (" + e.outcome() + "), status " + e.status();
        if (e.engineMode().equalsIgnoreCase("DetectionOnly")) {
            text += "; the engine ran DetectionOnly, so nothing was blocked";
        }
        return text;
    }

    /** The plain-text report. */
    String text() {
        AuditEntry e = entry;
        StringBuilder b = new StringBuilder(2048);
        b.append("Incident  ").append(ByteText.escape(e.id())).append('\n');
        b.append("Logged    ").append(e.timeStamp().isEmpty() ? "?" : ByteText.escape(e.timeStamp()))
                .append(", client ").append(ByteText.escape(e.clientIp())).append(" (").append(e.source())
                .append(")\n");
        b.append("Request   ").append(ByteText.escape(e.requestLine())).append('\n');
        b.append("Verdict   ").append(verdictText()).append('\n');
        b.append("Anomaly   score ").append(anomaly.describe()).append("\n\n");

        List<AuditMessage> all = e.messages();
        if (all.isEmpty()) {
            if (!e.parts().isEmpty() && !e.parts().contains("H") && !e.parts().contains("K")) {
                b.append("The log holds no rule matches for it: parts H and K were not logged (parts ")
                        .append(ByteText.escape(e.parts())).append(").\n");
            } else {
                b.append("No rule matched this request.\n");
            }
        } else {
            b.append("Rules that matched (").append(all.size()).append("):\n");
            int n = 0;
            for (AuditMessage m : all) {
                n++;
                b.append(n < 10 ? "   " : n < 100 ? "  " : " ").append(n).append(". rule ").append(m.ruleId())
                        .append("  ").append(ByteText.escape(m.location())).append("  phase ")
                        .append(m.phase() < 0 ? "?" : Integer.toString(m.phase())).append("  ").append(role(m))
                        .append('\n');
                if (!m.message().isEmpty()) {
                    b.append("     ").append(ByteText.escape(m.message())).append('\n');
                }
                if (!m.variable().isEmpty()) {
                    b.append("     ").append(ByteText.escape(m.variable())).append(" = ")
                            .append(ByteText.quoted(m.matched().length() > SHOWN_BYTES
                                    ? m.matched().substring(0, SHOWN_BYTES) : m.matched()))
                            .append(lengthNote(m)).append('\n');
                }
                if (!m.operator().isEmpty()) {
                    b.append("     operator ").append(ByteText.excerpt(m.operator(), SHOWN_BYTES)).append('\n');
                }
            }
        }
        b.append('\n');
        suggestionText(b);
        return b.toString();
    }

    private void suggestionText(StringBuilder b) {
        for (Advice a : advice()) {
            b.append(a.note()).append('\n');
            if (!a.secLang().isEmpty()) {
                b.append('\n').append(a.secLang()).append(a.global() ? "\n" : "\n\n");
            }
        }
    }

    /**
     * One piece of the suggestion: what to do, in words, and the SecLang to paste ("" when there is nothing to paste).
     *
     * @param note one or more lines, without the final newline
     * @param secLang ready-to-paste SecLang (lines joined by newlines, no final newline), or ""
     * @param global whether this is the every-path alternative rather than a path-scoped exclusion
     */
    record Advice(String note, String secLang, boolean global) {}

    /** The suggestion in order: the path-scoped target removal, the path-scoped rule removal, the global form. */
    List<Advice> advice() {
        ExclusionSuggestion s = suggestion;
        if (detections.isEmpty()) {
            return List.of(new Advice("No detection rule matched: there is nothing to exclude.", "", false));
        }
        List<Advice> out = new ArrayList<>(3);
        String where = "on " + ByteText.escape(path);
        if (s.pathRule() != null) {
            out.add(new Advice("Narrowest exclusion: these rules skip only these fields, and only " + where + ".\n"
                    + placement(s.loadBeforeRules()), s.pathRule(), false));
        }
        if (s.ruleRemoval() != null) {
            boolean several = s.unexcludable().size() > 1;
            boolean early = false;
            for (long r : s.unexcludable()) {
                early |= s.phaseOneRules().contains(r);
            }
            out.add(new Advice("Rule" + (several ? "s " : " ") + join(s.unexcludable())
                    + " matched something no target can name (a count or a computed value): only removing "
                    + (several ? "them " : "it ") + where + " stops " + (several ? "them" : "it") + ".\n"
                    + placement(early), s.ruleRemoval(), false));
        }
        if (!s.global().isEmpty()) {
            out.add(new Advice("Global alternative: the same fields, on every path (paste after the rules).",
                    String.join("\n", s.global()), true));
        }
        return out;
    }

    /** The JSON report: one object, indented. */
    String json() {
        AuditEntry e = entry;
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("unique_id", e.id());
        root.put("source", e.source());
        root.put("time_stamp", e.timeStamp());
        root.put("client_ip", e.clientIp());
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("method", e.method());
        request.put("uri", e.uri());
        request.put("protocol", e.protocol());
        request.put("path", path);
        root.put("request", request);
        Map<String, Object> verdict = new LinkedHashMap<>();
        verdict.put("blocked", e.blocked());
        verdict.put("outcome", e.outcome().isEmpty() ? null : e.outcome());
        verdict.put("status", e.status());
        verdict.put("rule_id", e.interruptingRuleId() >= 0 ? e.interruptingRuleId() : null);
        verdict.put("engine_mode", e.engineMode().isEmpty() ? null : e.engineMode());
        verdict.put("text", verdictText());
        root.put("verdict", verdict);
        Map<String, Object> score = new LinkedHashMap<>();
        score.put("total", anomaly.total());
        score.put("threshold", anomaly.threshold());
        score.put("threshold_source", anomaly.thresholdSource());
        root.put("anomaly_score", score);
        List<Object> matches = new ArrayList<>();
        for (AuditMessage m : e.messages()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("rule_id", m.ruleId());
            o.put("file", m.file());
            o.put("line", m.line());
            o.put("phase", m.phase() < 0 ? null : m.phase());
            o.put("role", role(m));
            o.put("message", m.message());
            o.put("variable", m.variable());
            o.put("matched", m.matched());
            o.put("matched_length", m.matchedLength() < 0 ? null : m.matchedLength());
            o.put("operator", m.operator());
            o.put("disruptive", m.disruptive());
            matches.add(o);
        }
        root.put("matches", matches);
        Map<String, Object> ex = new LinkedHashMap<>();
        ExclusionSuggestion s = suggestion;
        List<Object> targets = new ArrayList<>();
        for (SecLangText.Target t : s.targets()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("rule_id", t.ruleId());
            o.put("variable", t.variable());
            targets.add(o);
        }
        ex.put("targets", targets);
        ex.put("path_rule", s.pathRule());
        ex.put("path_rule_load_before_rules", s.loadBeforeRules());
        ex.put("rule_removal", s.ruleRemoval());
        ex.put("global", new ArrayList<Object>(s.global()));
        root.put("exclusion", ex);
        return Json.write(root, true) + "\n";
    }

    /** Where a path-scoped (phase-1 ctl) rule goes. */
    private String placement(boolean beforeRules) {
        if (beforeRules) {
            return "Load it BEFORE the rules: rule" + (suggestion.phaseOneRules().size() > 1 ? "s " : " ")
                    + join(suggestion.phaseOneRules()) + " matched in phase 1, and a ctl rule loaded after "
                    + (suggestion.phaseOneRules().size() > 1 ? "them" : "it") + " runs too late.";
        }
        return "Paste it after the rules (it runs in phase 1, before the phase-2 rules it tunes).";
    }

    /** {@code detection}, {@code anomaly evaluation} or {@code other}. */
    static String role(AuditMessage m) {
        if (Matches.isEvaluation(m)) {
            return "anomaly evaluation";
        }
        return Matches.isDetection(m) ? "detection" : "other";
    }

    private static String lengthNote(AuditMessage m) {
        long logged = m.matched().length();
        long whole = m.matchedLength();
        long shown = Math.min(logged, SHOWN_BYTES);
        if (whole > shown) {
            return "  (first " + shown + " of " + whole + " bytes)";
        }
        if (whole < 0 && logged > shown) {
            return "  (first " + shown + " bytes)";
        }
        return "";
    }

    private static String join(List<Long> ids) {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < ids.size(); k++) {
            if (k > 0) {
                b.append(k == ids.size() - 1 ? " and " : ", ");
            }
            b.append(ids.get(k));
        }
        return b.toString();
    }
}
