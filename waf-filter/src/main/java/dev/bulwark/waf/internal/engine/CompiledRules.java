package dev.bulwark.waf.internal.engine;

import dev.bulwark.waf.RuleLoadError;
import dev.bulwark.waf.internal.macro.MacroText;
import dev.bulwark.waf.internal.regex.SignatureArrays;
import dev.bulwark.waf.internal.variables.Target;
import dev.bulwark.waf.internal.variables.Variable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

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
    private final int sharedTargetCount;
    private final int sharedExclusionCount;
    /** Per phase and shared target, how many union signatures its values can get ({@link #unionCapacity}). */
    private final int[][] unionCapacities;

    private CompiledRules(Rule[][] phases, int[][] skipAfterResume, List<Rule> rules, EngineSettings settings,
            int sharedTargetCount, int sharedExclusionCount) {
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
        this.sharedTargetCount = sharedTargetCount;
        this.sharedExclusionCount = sharedExclusionCount;
        this.unionCapacities = unionCapacities(rules, sharedTargetCount);
    }

    /**
     * How many union signatures the values of shared target {@code id} can get in {@code phase}: one per distinct
     * transformation chain of the links reading it there, and one of the values themselves. Sizes their table
     * once (ARGS gets about thirty with CRS).
     */
    int unionCapacity(int phase, int id) {
        return phase < unionCapacities.length ? unionCapacities[phase][id] : 1;
    }

    private static int[][] unionCapacities(List<Rule> heads, int targets) {
        List<List<java.util.Set<Integer>>> keys = new ArrayList<>();
        for (int phase = 0; phase <= 5; phase++) {
            List<java.util.Set<Integer>> perTarget = new ArrayList<>();
            for (int id = 0; id < targets; id++) {
                perTarget.add(new java.util.HashSet<>(List.of(TransactionState.RAW_CHAIN)));
            }
            keys.add(perTarget);
        }
        for (Rule head : heads) {
            for (Rule link = head; link != null; link = link.next) {
                if (link.targetIds != null && head.phase >= 0 && head.phase <= 5) {
                    int key = TransactionState.chainKey(link.transformations, link.multiMatch);
                    for (int id : link.targetIds) {
                        keys.get(head.phase).get(id).add(key);
                    }
                }
            }
        }
        int[][] capacities = new int[6][targets];
        for (int phase = 0; phase <= 5; phase++) {
            for (int id = 0; id < targets; id++) {
                capacities[phase][id] = keys.get(phase).get(id).size();
            }
        }
        return capacities;
    }

    static CompiledRules build(List<Rule> entries, EngineSettings settings,
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
        int shared = numberTargets(rules);
        int sharedExclusions = numberExclusions(rules);
        for (int i = 0; i < rules.size(); i++) {
            rules.get(i).ordinal = i;
        }
        return new CompiledRules(phases, resume, rules, settings, shared, sharedExclusions);
    }

    /** Signature arrays its transactions reuse from one request to the next. */
    private final SignatureArrays.Pool signaturePool = new SignatureArrays.Pool();

    SignatureArrays.Pool signaturePool() {
        return signaturePool;
    }

    /** How much value memo room its transactions recently needed. */
    private final ValueMemos.Sizes memoSizes = new ValueMemos.Sizes();

    ValueMemos.Sizes memoSizes() {
        return memoSizes;
    }

    /** The target each macro reference of the rules reads, parsed on first use ({@link #macroTarget}). */
    private final Map<MacroText.Reference, Optional<Target>> macroTargets = new ConcurrentHashMap<>();

    /**
     * The target that {@code ref} (of variable {@code v}) reads, or null when it names none: parsed once per rule
     * set, since logdata ({@code %{MATCHED_VAR}}) is expanded for every match.
     */
    Target macroTarget(MacroText.Reference ref, Variable v) {
        return macroTargets.computeIfAbsent(ref, r -> {
            try {
                return Optional.of(Target.parse(r.key() == null || !v.isCollection() ? v.name()
                        : v.name() + ":" + r.key()));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }).orElse(null);
    }

    /** Per tag, which rules (by {@link Rule#ordinal}) carry it; worked out on first use and kept. */
    private final Map<String, boolean[]> rulesByTag = new ConcurrentHashMap<>();

    /**
     * Which rules carry {@code tag}, indexed by {@link Rule#ordinal}: a {@code ctl:ruleRemoveTargetByTag} of a
     * transaction (CRS 941010, on most requests) is then one array look-up per rule rather than a set look-up.
     */
    boolean[] taggedWith(String tag) {
        return rulesByTag.computeIfAbsent(tag, t -> {
            boolean[] tagged = new boolean[rules.size()];
            for (Rule r : rules) {
                tagged[r.ordinal] = r.tagSet.contains(t);
            }
            return tagged;
        });
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

    /** How many distinct targets links share ({@link Rule#targetIds} are below this). */
    int sharedTargetCount() {
        return sharedTargetCount;
    }

    /**
     * Numbers the targets (as written) of the links whose targets all stay the same within a phase: CRS inspects a
     * few dozen distinct targets from hundreds of links.
     */
    private static int numberTargets(List<Rule> heads) {
        Map<String, Integer> ids = new HashMap<>();
        for (Rule head : heads) {
            for (Rule link = head; link != null; link = link.next) {
                // exclusions apply per link, after resolution; a count must be taken after them
                if (fixedWithinPhase(link) && (link.exclusions.isEmpty() || !link.counts)) {
                    int[] targetIds = new int[link.targets.size()];
                    for (int i = 0; i < targetIds.length; i++) {
                        targetIds[i] = ids.computeIfAbsent(link.targets.get(i).toString(), k -> ids.size());
                    }
                    link.targetIds = targetIds;
                }
            }
        }
        return ids.size();
    }

    /** How many distinct exclusion lists links with shared targets have ({@link Rule#exclusionsId}). */
    int sharedExclusionCount() {
        return sharedExclusionCount;
    }

    /**
     * Numbers the exclusion lists (as written) of the links with {@link Rule#targetIds}: CRS repeats
     * {@code !REQUEST_COOKIES:/__utm/} in dozens of rules, and a transaction works out once per phase which values
     * such a list removes.
     */
    private static int numberExclusions(List<Rule> heads) {
        Map<String, Integer> ids = new HashMap<>();
        for (Rule head : heads) {
            for (Rule link = head; link != null; link = link.next) {
                if (link.targetIds != null && !link.exclusions.isEmpty()) {
                    StringBuilder key = new StringBuilder();
                    for (Target x : link.exclusions) {
                        key.append(x).append('|');
                    }
                    link.exclusionsId = ids.computeIfAbsent(key.toString(), k -> ids.size());
                }
            }
        }
        return ids.size();
    }

    /** Whether all the link's targets read request (or response) data that no rule action changes. */
    private static boolean fixedWithinPhase(Rule link) {
        for (Target t : link.targets) {
            switch (t.variable()) {
                case ARGS, ARGS_GET, ARGS_POST, ARGS_NAMES, ARGS_GET_NAMES, ARGS_POST_NAMES, REQUEST_HEADERS,
                        REQUEST_HEADERS_NAMES, REQUEST_COOKIES, REQUEST_COOKIES_NAMES, REQUEST_URI, REQUEST_URI_RAW,
                        REQUEST_FILENAME, REQUEST_BASENAME, REQUEST_LINE, REQUEST_PROTOCOL, REQUEST_METHOD,
                        QUERY_STRING, REQUEST_BODY, FILES, FILES_NAMES, XML, MULTIPART_PART_HEADERS, RESPONSE_HEADERS,
                        RESPONSE_HEADERS_NAMES -> { }
                default -> {
                    return false;
                }
            }
        }
        return true;
    }
}
