package dev.bulwark.waf.internal.engine;

import dev.bulwark.waf.RuleLoadError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The compiled program: the rules of each phase in evaluation order (markers included in every phase, as
 * ModSecurity places them), the precomputed jump of every {@code skipAfter}, and the engine settings. Deeply
 * immutable and shared by all transactions.
 */
public final class CompiledRules {

    static final int PHASES = 5;

    /** Rules per phase, index 1..5 (0 unused). */
    private final Rule[][] phases;
    /** For each phase and position: where a matching skipAfter resumes (index of the marker + 1), or -1. */
    private final int[][] skipAfterResume;
    private final List<Rule> rules;
    private final Map<Long, Rule> byId;
    private final EngineSettings settings;
    private final int transformationPrefixCount;

    private CompiledRules(Rule[][] phases, int[][] skipAfterResume, List<Rule> rules, EngineSettings settings,
            int transformationPrefixCount) {
        this.phases = phases;
        this.skipAfterResume = skipAfterResume;
        this.rules = List.copyOf(rules);
        Map<Long, Rule> m = new HashMap<>();
        for (Rule r : rules) {
            if (!r.isMarker()) {
                m.put(r.id, r);
            }
        }
        this.byId = Map.copyOf(m);
        this.settings = settings;
        this.transformationPrefixCount = transformationPrefixCount;
    }

    static CompiledRules build(List<Rule> entries, EngineSettings settings, int prefixCount,
            List<RuleLoadError> errors) {
        Rule[][] phases = new Rule[PHASES + 1][];
        int[][] resume = new int[PHASES + 1][];
        List<Rule> rules = new ArrayList<>();
        for (Rule r : entries) {
            if (!r.isMarker()) {
                rules.add(r);
            }
        }
        for (int p = 1; p <= PHASES; p++) {
            List<Rule> list = new ArrayList<>();
            for (Rule r : entries) {
                if (r.isMarker() || r.phase == p) {
                    list.add(r);
                }
            }
            phases[p] = list.toArray(new Rule[0]);
            resume[p] = new int[phases[p].length];
            for (int i = 0; i < phases[p].length; i++) {
                Rule r = phases[p][i];
                resume[p][i] = -1;
                if (r.isMarker() || r.skipAfter == null) {
                    continue;
                }
                int target = -1;
                for (int j = i + 1; j < phases[p].length; j++) {
                    Rule c = phases[p][j];
                    if (c.isMarker() ? c.markerName.equals(r.skipAfter) : Long.toString(c.id).equals(r.skipAfter)) {
                        target = j;
                        break;
                    }
                }
                if (target < 0) {
                    boolean exists = entries.stream().anyMatch(e -> r.skipAfter.equals(e.markerName)
                            || (!e.isMarker() && Long.toString(e.id).equals(r.skipAfter)));
                    errors.add(new RuleLoadError(r.location, exists
                            ? "skipAfter:" + r.skipAfter + " jumps backwards; its target must come after the rule"
                            : "skipAfter:" + r.skipAfter + " names no SecMarker or rule id"));
                }
                resume[p][i] = target + 1;
            }
        }
        return new CompiledRules(phases, resume, rules, settings, prefixCount);
    }

    Rule[] phase(int p) {
        return phases[p];
    }

    /** Whether {@code phase} (1..5) has at least one rule, markers aside. */
    public boolean hasRules(int phase) {
        for (Rule r : phases[phase]) {
            if (!r.isMarker()) {
                return true;
            }
        }
        return false;
    }

    int skipAfterResume(int phase, int index) {
        return skipAfterResume[phase][index];
    }

    /** The rules (chain heads), in load order. */
    List<Rule> rules() {
        return rules;
    }

    Rule rule(long id) {
        return byId.get(id);
    }

    public int size() {
        return rules.size();
    }

    public EngineSettings settings() {
        return settings;
    }

    int transformationPrefixCount() {
        return transformationPrefixCount;
    }
}
