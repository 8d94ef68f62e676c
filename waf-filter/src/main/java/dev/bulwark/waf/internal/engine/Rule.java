package dev.bulwark.waf.internal.engine;

import dev.bulwark.waf.SourceLocation;
import dev.bulwark.waf.internal.actions.Disruptive;
import dev.bulwark.waf.internal.actions.RuntimeAction;
import dev.bulwark.waf.internal.macro.MacroText;
import dev.bulwark.waf.internal.operators.Operator;
import dev.bulwark.waf.internal.regex.SignatureFilter;
import dev.bulwark.waf.internal.variables.Target;
import java.util.List;
import java.util.Set;

/**
 * One compiled rule or chain link, or a {@code SecMarker}. Deeply immutable; shared by all transactions.
 * Metadata (id, phase, disruptive action, msg, tags...) is meaningful on chain heads; links only carry targets,
 * operator, transformations and runtime actions.
 */
final class Rule {

    final SourceLocation location;
    final long id;
    final int phase;
    /** For a marker: its name; null for rules. */
    final String markerName;
    final List<Target> targets;
    final List<Target> exclusions;
    /** Whether a target is a count ({@code &ARGS}), which must be taken after the exclusions. */
    final boolean counts;
    final String operatorName;
    final String operatorArgument;
    /** {@code @name argument}, as each match records it. */
    final String operatorText;
    final Operator operator;
    /** {@link Operator#valueDetermined}, asked once: the engine reads it for every link evaluated. */
    final boolean valueDetermined;
    final boolean negated;
    final TransformationPipeline transformations;
    final boolean multiMatch;
    /** {@link TransactionState#chainKey} of the transformations: which union signatures the link reads. */
    final int chainKey;
    /**
     * {@link Operator#unionFilter}, kept here: a rule skipped by its union signature then reads the filter's data
     * and not the operator's and pattern's objects on the way to it.
     */
    final SignatureFilter unionFilter;
    final boolean capture;
    final List<RuntimeAction> actions;
    final Disruptive disruptive;
    final int status;
    final MacroText redirectUrl;
    final MacroText msg;
    final MacroText logdata;
    final List<String> tags;
    /** The tags again, for the per-request lookups of {@code ctl:ruleRemove*ByTag}. */
    final Set<String> tagSet;
    final int severity;
    final String ver;
    final String rev;
    final boolean log;
    final boolean auditLog;
    final String skipAfter;
    final int skip;
    /** The next link of the chain, or null. */
    final Rule next;
    /** The source text, for toString and explanations. */
    final String secLang;
    /**
     * Per target, a number equal targets of all links share, so a transaction resolves each target's values once
     * per phase and every link reads them ({@link TransactionState}); null when a target can change within a phase
     * (exclusions then apply at resolution). Assigned once by {@link CompiledRules#build}, before the rule set is
     * published, and never changed.
     */
    int[] targetIds;
    /**
     * For a link that reads one keyed collection entry or its count ({@code TX:DETECTION_PARANOIA_LEVEL}, CRS's
     * paranoia-level skips, about 80 per request; {@code &TX:critical_anomaly_score}, its set-up's defaults, about 30)
     * with no exclusion, no transformation and no verdict to keep: that target, looked up directly by the engine
     * ({@link TransactionState}); else null.
     */
    final Target singleEntry;
    /**
     * For a link with {@link #targetIds} and exclusions, a number equal exclusion lists share, so a transaction
     * works out once per phase which of a target's values they remove ({@link Candidates#exclusionMask}); else -1.
     * Assigned once by {@link CompiledRules#build}, like {@link #targetIds}.
     */
    int exclusionsId = -1;
    /**
     * The rule's number among the rule set's rules (heads), for per-rule tables ({@link CompiledRules#taggedWith});
     * assigned once by {@link CompiledRules#build}, like {@link #targetIds}.
     */
    int ordinal;

    private static Target singleEntry(Operator operator, List<Target> targets, List<Target> exclusions,
            TransformationPipeline transformations, boolean multiMatch, boolean valueDetermined) {
        if (operator == null || targets.size() != 1 || !exclusions.isEmpty() || multiMatch || valueDetermined
                || (transformations != null && transformations.length() > 0)) {
            return null;
        }
        Target t = targets.get(0);
        boolean collection = switch (t.variable()) {
            case TX, GLOBAL, IP, SESSION, USER, RESOURCE -> true;
            default -> false;
        };
        return collection && t.key() != null && !t.isExclusion() ? t : null;
    }

    Rule(Builder b) {
        this.location = b.location;
        this.id = b.id;
        this.phase = b.phase;
        this.markerName = b.markerName;
        this.targets = List.copyOf(b.targets);
        this.exclusions = List.copyOf(b.exclusions);
        this.counts = targets.stream().anyMatch(Target::isCount);
        this.operatorName = b.operatorName;
        this.operatorArgument = b.operatorArgument;
        boolean bare = operatorArgument == null || operatorArgument.isEmpty();
        this.operatorText = operatorName == null ? null : "@" + operatorName + (bare ? "" : " " + operatorArgument);
        this.operator = b.operator;
        this.valueDetermined = operator != null && operator.valueDetermined();
        this.negated = b.negated;
        this.transformations = b.transformations;
        this.multiMatch = b.multiMatch;
        this.chainKey = transformations == null ? TransactionState.RAW_CHAIN
                : TransactionState.chainKey(transformations, multiMatch);
        this.unionFilter = operator == null || !valueDetermined ? null : operator.unionFilter();
        this.capture = b.capture;
        this.singleEntry = singleEntry(operator, targets, exclusions, transformations, multiMatch, valueDetermined);
        this.actions = List.copyOf(b.actions);
        this.disruptive = b.disruptive;
        this.status = b.status;
        this.redirectUrl = b.redirectUrl;
        this.msg = b.msg;
        this.logdata = b.logdata;
        this.tags = List.copyOf(b.tags);
        this.tagSet = Set.copyOf(tags);
        this.severity = b.severity;
        this.ver = b.ver;
        this.rev = b.rev;
        this.log = b.log;
        this.auditLog = b.auditLog;
        this.skipAfter = b.skipAfter;
        this.skip = b.skip;
        this.next = b.next;
        this.secLang = b.secLang;
    }

    boolean isMarker() {
        return markerName != null;
    }

    /** This rule with {@code extra} exclusions (for SecRuleUpdateTargetById) or extra targets. */
    Rule withTargets(List<Target> newTargets, List<Target> newExclusions) {
        Builder b = new Builder(this);
        b.targets = newTargets;
        b.exclusions = newExclusions;
        return new Rule(b);
    }

    @Override
    public String toString() {
        return secLang;
    }

    /** Mutable assembly of a rule by the compiler. */
    static final class Builder {
        SourceLocation location;
        long id = -1;
        int phase = 2;
        String markerName;
        List<Target> targets = List.of();
        List<Target> exclusions = List.of();
        String operatorName;
        String operatorArgument;
        Operator operator;
        boolean negated;
        TransformationPipeline transformations = TransformationPipeline.EMPTY;
        boolean multiMatch;
        boolean capture;
        List<RuntimeAction> actions = List.of();
        Disruptive disruptive = Disruptive.PASS;
        int status = 403;
        MacroText redirectUrl;
        MacroText msg;
        MacroText logdata;
        List<String> tags = List.of();
        int severity = -1;
        String ver;
        String rev;
        boolean log = true;
        boolean auditLog = true;
        String skipAfter;
        int skip;
        Rule next;
        String secLang;

        Builder() {}

        Builder(Rule r) {
            location = r.location;
            id = r.id;
            phase = r.phase;
            markerName = r.markerName;
            targets = r.targets;
            exclusions = r.exclusions;
            operatorName = r.operatorName;
            operatorArgument = r.operatorArgument;
            operator = r.operator;
            negated = r.negated;
            transformations = r.transformations;
            multiMatch = r.multiMatch;
            capture = r.capture;
            actions = r.actions;
            disruptive = r.disruptive;
            status = r.status;
            redirectUrl = r.redirectUrl;
            msg = r.msg;
            logdata = r.logdata;
            tags = r.tags;
            severity = r.severity;
            ver = r.ver;
            rev = r.rev;
            log = r.log;
            auditLog = r.auditLog;
            skipAfter = r.skipAfter;
            skip = r.skip;
            next = r.next;
            secLang = r.secLang;
        }
    }
}
