package dev.bulwark.waf.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The narrowest exclusions that stop a request's detections, as SecLang: each rule loses only the variable it matched
 * (with its key: {@code ARGS:comment}, never all of {@code ARGS}), only on the request's path; the global form (every
 * path) is given as the alternative. A whole rule is removed (for the path only) just for a match no target can
 * name, such as a count ({@code &ARGS}).
 *
 * @param pathRule the path-scoped {@code ctl:ruleRemoveTargetById} rule, or null when no match has a target
 * @param loadBeforeRules whether {@code pathRule} must be loaded before the rule set: a target matched in phase 1,
 *     and a phase-1 ctl rule loaded after its rule would run too late; otherwise it works wherever it is loaded
 * @param phaseOneRules the rules that matched in phase 1 (why a path-scoped rule must be loaded before them)
 * @param global the {@code SecRuleUpdateTargetById} lines (one per rule), to load after the rule set
 * @param ruleRemoval the path-scoped {@code ctl:ruleRemoveById} rule for matches without a target, or null
 * @param unexcludable the rule ids in {@code ruleRemoval}
 * @param targets the targets excluded, in the order the rules matched
 */
record ExclusionSuggestion(
        String pathRule,
        boolean loadBeforeRules,
        List<Long> phaseOneRules,
        List<String> global,
        String ruleRemoval,
        List<Long> unexcludable,
        List<SecLangText.Target> targets) {

    ExclusionSuggestion {
        phaseOneRules = List.copyOf(phaseOneRules);
        global = List.copyOf(global);
        unexcludable = List.copyOf(unexcludable);
        targets = List.copyOf(targets);
    }

    /**
     * The suggestion for {@code detections} of a request to {@code path}; the new rules get ids from {@code firstId}
     * on (the target rule first).
     */
    static ExclusionSuggestion of(String path, List<AuditMessage> detections, long firstId) {
        Set<SecLangText.Target> targets = new LinkedHashSet<>();
        Set<Long> phaseOne = new LinkedHashSet<>();
        Set<Long> unexcludable = new LinkedHashSet<>();
        boolean targetInPhaseOne = false;
        for (AuditMessage m : detections) {
            if (m.phase() == 1) {
                phaseOne.add(m.ruleId());
            }
            if (Matches.excludableByTarget(m)) {
                targets.add(new SecLangText.Target(m.ruleId(), m.variable()));
                targetInPhaseOne |= m.phase() == 1;
            } else {
                unexcludable.add(m.ruleId());
            }
        }
        long id = firstId;
        String pathRule = null;
        if (!targets.isEmpty()) {
            pathRule = SecLangText.pathScopedTargetRemoval(id++, path, new ArrayList<>(targets));
        }
        Map<Long, List<String>> byRule = new LinkedHashMap<>();
        for (SecLangText.Target t : targets) {
            byRule.computeIfAbsent(t.ruleId(), r -> new ArrayList<>()).add(t.variable());
        }
        List<String> global = new ArrayList<>();
        byRule.forEach((rule, variables) -> global.add(SecLangText.globalTargetRemoval(rule, variables)));
        String ruleRemoval = unexcludable.isEmpty() ? null
                : SecLangText.pathScopedRuleRemoval(id, path, new ArrayList<>(unexcludable));
        return new ExclusionSuggestion(pathRule, targetInPhaseOne, new ArrayList<>(phaseOne), global,
                ruleRemoval, new ArrayList<>(unexcludable), new ArrayList<>(targets));
    }

    /** Whether there is anything to suggest. */
    boolean isEmpty() {
        return pathRule == null && ruleRemoval == null;
    }
}
