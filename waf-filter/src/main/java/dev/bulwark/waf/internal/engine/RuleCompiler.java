package dev.bulwark.waf.internal.engine;

import dev.bulwark.waf.BodyLimitAction;
import dev.bulwark.waf.EngineMode;
import dev.bulwark.waf.RuleLoadError;
import dev.bulwark.waf.SourceLocation;
import dev.bulwark.waf.WafConfig;
import dev.bulwark.waf.internal.actions.Action;
import dev.bulwark.waf.internal.actions.ActionException;
import dev.bulwark.waf.internal.actions.ActionFactory;
import dev.bulwark.waf.internal.actions.Actions;
import dev.bulwark.waf.internal.actions.Disruptive;
import dev.bulwark.waf.internal.actions.RuleDraft;
import dev.bulwark.waf.internal.audit.AuditSettings;
import dev.bulwark.waf.internal.macro.MacroText;
import dev.bulwark.waf.internal.operators.OperatorArgument;
import dev.bulwark.waf.internal.operators.OperatorException;
import dev.bulwark.waf.internal.operators.OperatorFactory;
import dev.bulwark.waf.internal.operators.Operators;
import dev.bulwark.waf.internal.seclang.Directive;
import dev.bulwark.waf.internal.transformations.Transformation;
import dev.bulwark.waf.internal.variables.Target;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns directives into a {@link CompiledRules}: applies {@code SecDefaultAction}, resolves operators, actions and
 * transformations through their tables, assembles chains and markers, applies removals and target updates, and reads
 * the engine settings. Every problem is recorded with the directive's file:line; nothing falls back silently.
 */
public final class RuleCompiler {

    private static final System.Logger LOG = System.getLogger("dev.bulwark.waf");
    static final int MAX_ERRORS = 100;

    /** Directives that only make sense in ModSecurity's own process model; accepted, with the reason logged. */
    private static final Map<String, String> NO_EFFECT = Map.of(
            "secpcrematchlimit", "RE2 matching is linear; there is no backtracking limit to set",
            "secpcrematchlimitrecursion", "RE2 matching is linear; there is no recursion limit to set",
            "secdatadir", "persistent collections are not available yet",
            "secdebuglog", "Bulwark logs through System.Logger (logger 'dev.bulwark.waf')",
            "secdebugloglevel", "Bulwark logs through System.Logger (logger 'dev.bulwark.waf')",
            "secunicodemapfile", "%u escapes are decoded to their low byte (with the full-width ASCII rule)",
            "secstatusengine", "Bulwark never reports status to anyone",
            "seccollectiontimeout", "persistent collections are not available yet");

    private final List<RuleLoadError> errors;
    /** Heads and markers in load order; null where a rule was removed. */
    private final List<Rule> entries = new ArrayList<>();
    private final Map<Long, Integer> indexById = new HashMap<>();
    private final Map<Integer, List<Action>> defaultActions = new HashMap<>();
    private final Map<String, Integer> prefixIds = new HashMap<>();

    private EngineMode engineMode = EngineMode.ON;
    private boolean requestBodyAccess = true;
    private long requestBodyLimit = EngineSettings.DEFAULT_REQUEST_BODY_LIMIT;
    private long requestBodyNoFilesLimit = EngineSettings.DEFAULT_NO_FILES_LIMIT;
    private long requestBodyInMemoryLimit = EngineSettings.DEFAULT_IN_MEMORY_LIMIT;
    private Path temporaryDirectory;
    private boolean rejectOversizedBody = true;
    private boolean responseBodyAccess;
    private long responseBodyLimit = 524_288;
    private boolean rejectOversizedResponseBody = true;
    private Set<String> responseBodyMimeTypes = new LinkedHashSet<>(List.of("text/plain", "text/html"));
    private int argumentsLimit = EngineSettings.DEFAULT_ARGUMENTS_LIMIT;
    private int jsonDepthLimit = EngineSettings.DEFAULT_JSON_DEPTH_LIMIT;
    private char argumentSeparator = '&';
    private final List<String> componentSignatures = new ArrayList<>();
    private final AuditSettings.Builder audit = AuditSettings.builder();

    /** Chain under construction: its head draft and the links parsed so far. */
    private PendingChain pending;

    public RuleCompiler(List<RuleLoadError> errors) {
        this.errors = errors;
    }

    /** Settings given in code (or web.xml) that win over the rule files' directives. */
    private WafConfig overrides;

    /** Settings of {@code config} that win over the rule files' directives; those it leaves null stay as set. */
    public void override(WafConfig config) {
        overrides = config;
    }

    public void compile(List<Directive> directives) {
        for (Directive d : directives) {
            if (errors.size() >= MAX_ERRORS) {
                return;
            }
            try {
                directive(d);
            } catch (LoadError e) {
                error(d.location(), e.getMessage());
                if (pending != null && d.name().equalsIgnoreCase("SecRule")) {
                    // a broken chain link: its error says it all, drop the chain without a second error
                    pending = null;
                }
            }
        }
    }

    /** Finishes compilation; call {@link #errors} before using the result. */
    public CompiledRules finish() {
        if (pending != null) {
            error(pending.location, "the last rule of a chain is missing: rule has 'chain' but no SecRule follows");
            pending = null;
        }
        if (overrides != null) {
            applyOverrides(overrides);
        }
        EngineSettings settings = new EngineSettings(engineMode, requestBodyAccess, requestBodyLimit,
                requestBodyNoFilesLimit, requestBodyInMemoryLimit, temporaryDirectory, rejectOversizedBody,
                responseBodyAccess,
                responseBodyLimit, rejectOversizedResponseBody, responseBodyMimeTypes, argumentsLimit,
                jsonDepthLimit, argumentSeparator, componentSignatures);
        List<Rule> kept = new ArrayList<>();
        for (Rule r : entries) {
            if (r != null) {
                kept.add(r);
            }
        }
        return CompiledRules.build(kept, settings, errors);
    }

    private void applyOverrides(WafConfig c) {
        engineMode = c.engineMode() != null ? c.engineMode() : engineMode;
        requestBodyLimit = c.requestBodyLimit() != null ? c.requestBodyLimit() : requestBodyLimit;
        requestBodyAccess = c.requestBodyAccess() != null ? c.requestBodyAccess() : requestBodyAccess;
        requestBodyNoFilesLimit = c.requestBodyNoFilesLimit() != null ? c.requestBodyNoFilesLimit()
                : requestBodyNoFilesLimit;
        requestBodyInMemoryLimit = c.requestBodyInMemoryLimit() != null ? c.requestBodyInMemoryLimit()
                : requestBodyInMemoryLimit;
        if (c.requestBodyLimitAction() != null) {
            rejectOversizedBody = c.requestBodyLimitAction() == BodyLimitAction.REJECT;
        }
        responseBodyAccess = c.responseBodyAccess() != null ? c.responseBodyAccess() : responseBodyAccess;
        responseBodyLimit = c.responseBodyLimit() != null ? c.responseBodyLimit() : responseBodyLimit;
        if (c.responseBodyLimitAction() != null) {
            rejectOversizedResponseBody = c.responseBodyLimitAction() == BodyLimitAction.REJECT;
        }
        if (c.responseBodyMimeTypes() != null) {
            responseBodyMimeTypes = new LinkedHashSet<>(c.responseBodyMimeTypes());
        }
        argumentsLimit = c.argumentsLimit() != null ? c.argumentsLimit() : argumentsLimit;
        jsonDepthLimit = c.jsonDepthLimit() != null ? c.jsonDepthLimit() : jsonDepthLimit;
        if (c.temporaryDirectory() != null) {
            temporaryDirectory = c.temporaryDirectory();
            if (!Files.isDirectory(temporaryDirectory) || !Files.isWritable(temporaryDirectory)) {
                error(new SourceLocation("WafConfig temporaryDirectory", 0), "not a writable directory: "
                        + temporaryDirectory.toAbsolutePath());
            }
        }
    }

    /** The audit log settings of the directives read so far, for the caller to complete and build. */
    public AuditSettings.Builder auditSettings() {
        return audit.components(componentSignatures);
    }

    private void directive(Directive d) throws LoadError {
        String name = d.name().toLowerCase(Locale.ROOT);
        if (pending != null && !name.equals("secrule")) {
            error(pending.location, "rule has 'chain' but the next directive is " + d.name() + ", not SecRule");
            pending = null;
        }
        switch (name) {
            case "secrule" -> secRule(d);
            case "secaction" -> secAction(d);
            case "secmarker" -> secMarker(d);
            case "secdefaultaction" -> secDefaultAction(d);
            case "secruleengine" -> {
                args(d, 1);
                try {
                    engineMode = EngineMode.parse(d.argument(0));
                } catch (IllegalArgumentException e) {
                    throw new LoadError("SecRuleEngine: " + e.getMessage());
                }
            }
            case "secrequestbodyaccess" -> requestBodyAccess = onOff(d);
            case "secresponsebodyaccess" -> responseBodyAccess = onOff(d);
            case "secrequestbodylimit" -> requestBodyLimit = size(d);
            case "secrequestbodynofileslimit" -> requestBodyNoFilesLimit = size(d);
            case "secrequestbodyinmemorylimit" -> requestBodyInMemoryLimit = size(d);
            case "sectmpdir" -> temporaryDirectory = temporaryDirectory(d);
            case "secresponsebodylimit" -> responseBodyLimit = size(d);
            case "secrequestbodylimitaction" -> rejectOversizedBody = limitAction(d);
            case "secresponsebodylimitaction" -> rejectOversizedResponseBody = limitAction(d);
            case "secresponsebodymimetype" -> {
                if (d.arguments().isEmpty()) {
                    throw new LoadError("SecResponseBodyMimeType needs at least one MIME type");
                }
                for (String arg : d.arguments()) {
                    for (String t : arg.split("\\s+")) {
                        if (!t.isEmpty()) {
                            responseBodyMimeTypes.add(t.toLowerCase(Locale.ROOT));
                        }
                    }
                }
            }
            case "secresponsebodymimetypesclear" -> {
                args(d, 0);
                responseBodyMimeTypes.clear();
            }
            case "secargumentslimit" -> argumentsLimit = (int) Math.min(Integer.MAX_VALUE, size(d));
            case "secrequestbodyjsondepthlimit" -> jsonDepthLimit = (int) Math.min(Integer.MAX_VALUE, size(d));
            case "secargumentseparator" -> {
                args(d, 1);
                if (d.argument(0).length() != 1) {
                    throw new LoadError("SecArgumentSeparator takes exactly one character");
                }
                argumentSeparator = d.argument(0).charAt(0);
            }
            case "seccomponentsignature" -> {
                args(d, 1);
                componentSignatures.add(d.argument(0));
            }
            case "secruleremovebyid" -> removeById(d);
            case "secruleremovebytag" -> {
                args(d, 1);
                removeWhere(r -> r.tags.contains(d.argument(0)));
            }
            case "secruleremovebymsg" -> {
                args(d, 1);
                removeWhere(r -> r.msg != null && r.msg.source().equals(d.argument(0)));
            }
            case "secruleupdatetargetbyid" -> updateTargetById(d);
            case "secruleupdatetargetbytag" -> updateTargetWhere(d, r -> r.tags.contains(d.argument(0)));
            case "secruleupdatetargetbymsg" -> updateTargetWhere(d,
                    r -> r.msg != null && r.msg.source().equals(d.argument(0)));
            default -> {
                if (AuditSettings.Builder.handles(name)) {
                    try {
                        audit.directive(d.name(), d.arguments(), d.location());
                    } catch (IllegalArgumentException e) {
                        throw new LoadError(e.getMessage());
                    }
                    return;
                }
                String why = NO_EFFECT.get(name);
                if (why == null) {
                    throw new LoadError("unknown or unsupported directive '" + d.name() + "'");
                }
                LOG.log(Level.INFO, "{0}: {1} has no effect in Bulwark: {2}", d.location(), d.name(), why);
            }
        }
    }

    // ---- rules ----

    private void secRule(Directive d) throws LoadError {
        if (d.arguments().size() < 2 || d.arguments().size() > 3) {
            throw new LoadError("SecRule takes VARIABLES OPERATOR [ACTIONS], got " + d.arguments().size()
                    + " argument(s)");
        }
        boolean link = pending != null;
        Rule.Builder b = new Rule.Builder();
        b.location = d.location();
        b.secLang = describe(d);
        try {
            List<Target> all = Target.parseList(d.argument(0));
            List<Target> targets = new ArrayList<>();
            List<Target> exclusions = new ArrayList<>();
            for (Target t : all) {
                (t.isExclusion() ? exclusions : targets).add(t);
            }
            if (targets.isEmpty()) {
                throw new LoadError("rule has only exclusions ('!') and no variable to inspect");
            }
            b.targets = targets;
            b.exclusions = exclusions;
        } catch (IllegalArgumentException e) {
            throw new LoadError(e.getMessage());
        }
        operator(d, b, d.argument(1));
        RuleDraft draft = actions(d, link ? RuleDraft.Position.CHAIN_LINK : RuleDraft.Position.HEAD,
                d.arguments().size() == 3 ? d.argument(2) : "");
        finishRule(d, b, draft);
    }

    private void secAction(Directive d) throws LoadError {
        args(d, 1);
        Rule.Builder b = new Rule.Builder();
        b.location = d.location();
        b.secLang = describe(d);
        b.operatorName = "unconditionalMatch";
        b.operatorArgument = "";
        b.operator = (ctx, value) -> true;
        RuleDraft draft = actions(d, RuleDraft.Position.HEAD, d.argument(0));
        if (draft.chain()) {
            throw new LoadError("SecAction cannot start a chain");
        }
        // A SecAction fires once, not once per value of its (implicit) target.
        b.targets = List.of(Target.parse("UNIQUE_ID"));
        finishRule(d, b, draft);
    }

    private void secMarker(Directive d) throws LoadError {
        args(d, 1);
        Rule.Builder b = new Rule.Builder();
        b.location = d.location();
        b.markerName = d.argument(0);
        b.secLang = describe(d);
        entries.add(new Rule(b));
    }

    private void secDefaultAction(Directive d) throws LoadError {
        args(d, 1);
        List<Action> parsed = parseActions(d.argument(0));
        RuleDraft draft = new RuleDraft(RuleDraft.Position.DEFAULT_ACTION);
        for (Action a : parsed) {
            apply(a, draft);
        }
        if (draft.phase() < 0) {
            throw new LoadError("SecDefaultAction must name a phase (e.g. \"phase:2,log,auditlog,pass\")");
        }
        if (draft.disruptive() == null) {
            throw new LoadError("SecDefaultAction must name a disruptive action (pass, deny, ...)");
        }
        if (draft.disruptive() == Disruptive.BLOCK) {
            throw new LoadError("SecDefaultAction cannot use 'block', which refers to SecDefaultAction itself");
        }
        defaultActions.put(draft.phase(), parsed);
    }

    private void operator(Directive d, Rule.Builder b, String text) throws LoadError {
        String s = text;
        boolean negated = false;
        if (s.startsWith("!")) {
            negated = true;
            s = s.substring(1);
        }
        String name;
        String argument;
        if (s.startsWith("@")) {
            int sp = indexOfBlank(s);
            name = sp < 0 ? s.substring(1) : s.substring(1, sp);
            argument = sp < 0 ? "" : s.substring(sp + 1).stripLeading();
        } else {
            name = "rx";
            argument = s;
        }
        OperatorFactory factory = Operators.lookup(name);
        if (factory == null) {
            throw new LoadError("unknown operator '@" + name + "'");
        }
        try {
            b.operator = factory.create(new OperatorArgument(argument, MacroText.parse(argument),
                    d.baseDirectory()));
        } catch (OperatorException e) {
            String m = e.getMessage();
            throw new LoadError(m.contains("@" + name) ? m : "@" + name + ": " + m);
        } catch (RuntimeException e) {
            throw new LoadError("@" + name + ": invalid argument: " + e);
        }
        b.operatorName = name;
        b.operatorArgument = argument;
        b.negated = negated;
    }

    private static int indexOfBlank(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == ' ' || s.charAt(i) == '\t') {
                return i;
            }
        }
        return -1;
    }

    private RuleDraft actions(Directive d, RuleDraft.Position position, String text) throws LoadError {
        List<Action> parsed = parseActions(text);
        // The phase decides which SecDefaultAction applies, so find it first.
        RuleDraft probe = new RuleDraft(position);
        for (Action a : parsed) {
            apply(a, probe);
        }
        int phase = position == RuleDraft.Position.CHAIN_LINK ? pending.phase
                : probe.phase() < 0 ? 2 : probe.phase();
        RuleDraft draft = new RuleDraft(position);
        List<Action> defaults = defaultActions.get(phase);
        if (defaults != null) {
            RuleDraft inherited = new RuleDraft(RuleDraft.Position.DEFAULT_ACTION);
            for (Action a : defaults) {
                apply(a, inherited);
            }
            draft.inheritFrom(inherited, position == RuleDraft.Position.HEAD);
        }
        for (Action a : parsed) {
            apply(a, draft);
        }
        if (position == RuleDraft.Position.HEAD && draft.phase() < 0) {
            draft.inheritPhase(phase);
        }
        return draft;
    }

    private List<Action> parseActions(String text) throws LoadError {
        List<Action> out = new ArrayList<>();
        List<ActionListParser.ParsedAction> parsed;
        try {
            parsed = ActionListParser.parse(text);
        } catch (IllegalArgumentException e) {
            throw new LoadError(e.getMessage());
        }
        for (ActionListParser.ParsedAction p : parsed) {
            ActionFactory f = Actions.lookup(p.name());
            if (f == null) {
                throw new LoadError("unknown action '" + p.name() + "'");
            }
            try {
                out.add(f.create(p.argument()));
            } catch (ActionException e) {
                throw new LoadError(e.getMessage());
            }
        }
        return out;
    }

    private static void apply(Action a, RuleDraft draft) throws LoadError {
        try {
            a.applyTo(draft);
        } catch (ActionException e) {
            throw new LoadError(e.getMessage());
        }
    }

    private void finishRule(Directive d, Rule.Builder b, RuleDraft draft) throws LoadError {
        b.transformations = pipeline(draft.transformations());
        b.multiMatch = draft.multiMatch();
        b.capture = draft.capture();
        b.actions = draft.runtimeActions();
        if (pending == null) {
            if (draft.id() < 0) {
                throw new LoadError("rule has no id (every SecRule and SecAction needs id:N)");
            }
            if (indexById.containsKey(draft.id())) {
                Rule other = entries.get(indexById.get(draft.id()));
                throw new LoadError("duplicate rule id " + draft.id() + " (first defined at "
                        + (other == null ? "an earlier directive" : other.location) + ")");
            }
            b.id = draft.id();
            b.phase = draft.phase();
            b.msg = draft.msg();
            b.logdata = draft.logdata();
            b.tags = draft.tags();
            b.severity = draft.severity();
            b.ver = draft.ver();
            b.rev = draft.rev();
            b.log = draft.log() == null || draft.log();
            b.auditLog = draft.auditLog() == null ? b.log : draft.auditLog();
            b.skipAfter = draft.skipAfter();
            b.skip = draft.skip();
            b.status = draft.status() > 0 ? draft.status() : 403;
            b.redirectUrl = draft.redirectUrl();
            b.disruptive = resolveDisruptive(draft.disruptive(), b.phase);
            if (draft.status() > 0 && draft.disruptive() == null) {
                // status with the default disruptive action: keep it for a deny inherited from SecDefaultAction
                b.status = draft.status();
            }
            if (draft.chain()) {
                pending = new PendingChain(d.location(), b, b.phase);
                return;
            }
            add(new Rule(b));
            return;
        }
        // a chain link
        b.id = pending.head.id;
        b.phase = pending.phase;
        b.log = pending.head.log;
        b.auditLog = pending.head.auditLog;
        pending.links.add(b);
        if (!draft.chain()) {
            Rule next = null;
            for (int i = pending.links.size() - 1; i >= 0; i--) {
                Rule.Builder lb = pending.links.get(i);
                lb.next = next;
                next = new Rule(lb);
            }
            pending.head.next = next;
            PendingChain done = pending;
            pending = null;
            add(new Rule(done.head));
        }
    }

    private Disruptive resolveDisruptive(Disruptive d, int phase) throws LoadError {
        Disruptive effective = d;
        if (effective == null || effective == Disruptive.BLOCK) {
            Disruptive fromDefault = null;
            List<Action> defaults = defaultActions.get(phase);
            if (defaults != null) {
                RuleDraft inherited = new RuleDraft(RuleDraft.Position.DEFAULT_ACTION);
                for (Action a : defaults) {
                    apply(a, inherited);
                }
                fromDefault = inherited.disruptive();
            }
            effective = fromDefault == null ? Disruptive.PASS : fromDefault;
        }
        return effective;
    }

    private void add(Rule r) {
        indexById.put(r.id, entries.size());
        entries.add(r);
    }

    private TransformationPipeline pipeline(List<Transformation> steps) {
        if (steps.isEmpty()) {
            return TransformationPipeline.EMPTY;
        }
        Transformation[] arr = steps.toArray(new Transformation[0]);
        int[] ids = new int[arr.length];
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < arr.length; i++) {
            key.append(arr[i].name()).append(',');
            ids[i] = prefixIds.computeIfAbsent(key.toString(), k -> prefixIds.size() + 1);
        }
        return new TransformationPipeline(arr, ids);
    }

    // ---- removals and updates ----

    private void removeById(Directive d) throws LoadError {
        if (d.arguments().isEmpty()) {
            throw new LoadError("SecRuleRemoveById needs at least one id or id range");
        }
        for (String arg : d.arguments()) {
            for (String part : arg.split("[\\s,]+")) {
                if (part.isEmpty()) {
                    continue;
                }
                long[] range = idRange(part);
                removeWhere(r -> r.id >= range[0] && r.id <= range[1]);
            }
        }
    }

    private void removeWhere(java.util.function.Predicate<Rule> which) {
        for (int i = 0; i < entries.size(); i++) {
            Rule r = entries.get(i);
            if (r != null && !r.isMarker() && which.test(r)) {
                entries.set(i, null);
                indexById.remove(r.id);
            }
        }
    }

    private void updateTargetById(Directive d) throws LoadError {
        if (d.arguments().size() < 2 || d.arguments().size() > 3) {
            throw new LoadError("SecRuleUpdateTargetById takes ID TARGETS [REPLACED_TARGET]");
        }
        long[] range = idRange(d.argument(0));
        int updated = updateTargets(d, r -> r.id >= range[0] && r.id <= range[1]);
        if (updated == 0 && range[0] == range[1]) {
            throw new LoadError("SecRuleUpdateTargetById: no rule with id " + range[0]
                    + " was loaded before this directive");
        }
    }

    private void updateTargetWhere(Directive d, java.util.function.Predicate<Rule> which) throws LoadError {
        if (d.arguments().size() < 2 || d.arguments().size() > 3) {
            throw new LoadError(d.name() + " takes SELECTOR TARGETS [REPLACED_TARGET]");
        }
        updateTargets(d, which);
    }

    private int updateTargets(Directive d, java.util.function.Predicate<Rule> which) throws LoadError {
        List<Target> added;
        Target replaced = null;
        try {
            added = Target.parseList(d.argument(1));
            if (d.arguments().size() == 3) {
                replaced = Target.parse(d.argument(2));
            }
        } catch (IllegalArgumentException e) {
            throw new LoadError(d.name() + ": " + e.getMessage());
        }
        int count = 0;
        for (int i = 0; i < entries.size(); i++) {
            Rule r = entries.get(i);
            if (r == null || r.isMarker() || !which.test(r)) {
                continue;
            }
            List<Target> targets = new ArrayList<>(r.targets);
            List<Target> exclusions = new ArrayList<>(r.exclusions);
            if (replaced != null) {
                Target old = replaced;
                if (!targets.removeIf(t -> t.toString().equalsIgnoreCase(old.toString()))) {
                    throw new LoadError(d.name() + ": rule " + r.id + " has no target '" + old + "' to replace");
                }
            }
            for (Target t : added) {
                (t.isExclusion() ? exclusions : targets).add(t);
            }
            entries.set(i, r.withTargets(targets, exclusions));
            count++;
        }
        return count;
    }

    // ---- helpers ----

    private static long[] idRange(String text) throws LoadError {
        String t = text.trim();
        int dash = t.indexOf('-', 1);
        try {
            if (dash < 0) {
                long id = Long.parseLong(t);
                return new long[] {id, id};
            }
            long from = Long.parseLong(t.substring(0, dash).trim());
            long to = Long.parseLong(t.substring(dash + 1).trim());
            if (from > to) {
                throw new LoadError("id range '" + text + "' runs backwards");
            }
            return new long[] {from, to};
        } catch (NumberFormatException e) {
            throw new LoadError("'" + text + "' is not a rule id or id range (N or N-M)");
        }
    }

    private static void args(Directive d, int count) throws LoadError {
        if (d.arguments().size() != count) {
            throw new LoadError(d.name() + " takes " + count + " argument(s), got " + d.arguments().size());
        }
    }

    private static boolean onOff(Directive d) throws LoadError {
        args(d, 1);
        String v = d.argument(0);
        if (v.equalsIgnoreCase("On")) {
            return true;
        }
        if (v.equalsIgnoreCase("Off")) {
            return false;
        }
        throw new LoadError(d.name() + " must be On or Off, not '" + v + "'");
    }

    private static long size(Directive d) throws LoadError {
        args(d, 1);
        try {
            long v = Long.parseLong(d.argument(0).trim());
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new LoadError(d.name() + " needs a non-negative number, not '" + d.argument(0) + "'");
        }
    }

    /** {@code SecTmpDir DIR}: an existing, writable directory; a relative one is taken from the rule file's folder. */
    private static Path temporaryDirectory(Directive d) throws LoadError {
        args(d, 1);
        Path dir;
        try {
            dir = Path.of(d.argument(0).trim());
        } catch (InvalidPathException e) {
            throw new LoadError("SecTmpDir: not a valid path: '" + d.argument(0) + "'");
        }
        if (!dir.isAbsolute() && d.baseDirectory() != null) {
            dir = d.baseDirectory().resolve(dir);
        }
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new LoadError("SecTmpDir: not a writable directory: " + dir.toAbsolutePath());
        }
        return dir;
    }

    private static boolean limitAction(Directive d) throws LoadError {
        args(d, 1);
        String v = d.argument(0);
        if (v.equalsIgnoreCase("Reject")) {
            return true;
        }
        if (v.equalsIgnoreCase("ProcessPartial")) {
            return false;
        }
        throw new LoadError(d.name() + " must be Reject or ProcessPartial, not '" + v + "'");
    }

    private static String describe(Directive d) {
        StringBuilder b = new StringBuilder(d.name());
        for (String a : d.arguments()) {
            b.append(" \"").append(a.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return b.toString();
    }

    private void error(SourceLocation at, String message) {
        if (errors.size() < MAX_ERRORS) {
            errors.add(new RuleLoadError(at, message));
        }
    }

    private static final class PendingChain {
        final SourceLocation location;
        final Rule.Builder head;
        final int phase;
        final List<Rule.Builder> links = new ArrayList<>();

        PendingChain(SourceLocation location, Rule.Builder head, int phase) {
            this.location = location;
            this.head = head;
            this.phase = phase;
        }
    }

    /** A problem with the directive being compiled. */
    private static final class LoadError extends Exception {
        LoadError(String message) {
            super(message);
        }
    }
}
