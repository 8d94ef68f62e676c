package dev.bulwark.waf.internal.engine;

import dev.bulwark.waf.EngineMode;
import dev.bulwark.waf.RuleMatch;
import dev.bulwark.waf.Verdict;
import dev.bulwark.waf.internal.actions.ActionContext;
import dev.bulwark.waf.internal.actions.Disruptive;
import dev.bulwark.waf.internal.actions.RuntimeAction;
import dev.bulwark.waf.internal.body.BodyParseException;
import dev.bulwark.waf.internal.body.JsonBodyParser;
import dev.bulwark.waf.internal.body.MultipartParser;
import dev.bulwark.waf.internal.body.MultipartResult;
import dev.bulwark.waf.internal.body.MultipartSession;
import dev.bulwark.waf.internal.body.XmlBodyParser;
import dev.bulwark.waf.internal.macro.MacroText;
import dev.bulwark.waf.internal.operators.OperatorContext;
import dev.bulwark.waf.internal.regex.Regex;
import dev.bulwark.waf.internal.regex.SignatureArrays;
import dev.bulwark.waf.internal.regex.SignatureFilter;
import dev.bulwark.waf.internal.text.Ascii;
import dev.bulwark.waf.internal.transformations.CharClasses;
import dev.bulwark.waf.internal.variables.Target;
import dev.bulwark.waf.internal.variables.Variable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * All per-request state, and the evaluation of the rules over it. One instance per request; not thread-safe.
 * The compiled rules it runs are shared and never changed.
 */
public final class TransactionState implements ActionContext, OperatorContext {

    // the parsers are immutable and thread-safe
    private static final XmlBodyParser XML_PARSER = new XmlBodyParser();
    private static final MultipartParser MULTIPART_PARSER = new MultipartParser();

    private final CompiledRules program;
    final RequestData request = new RequestData();
    /** Made on first use: most transactions never show theirs, and an unguessable id costs a secure random draw. */
    private final Supplier<String> uniqueIds;
    private String uniqueId;
    private final long startNanos = System.nanoTime();
    private final long startMillis = System.currentTimeMillis();

    // collections written by rules
    /** Sized for the hundred or so variables a CRS transaction sets, so that it is not grown step by step. */
    private final Map<String, String[]> tx = new LinkedHashMap<>(256);
    private final Map<String, Map<String, String[]>> openCollections = new HashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();

    // matched-variable bookkeeping
    private String matchedVar = "";
    private String matchedVarName = "";
    private final KeyValues matchedVars = new KeyValues();
    private boolean capturing;
    private boolean capturesCleared;
    /** Bit i: TX:i may be set (by a capture or a setvar), so clearing the captures needs to remove only these. */
    private int captureKeysSet;

    // per-transaction configuration (ctl)
    private EngineMode engineMode;
    private boolean requestBodyAccess;
    private boolean forceRequestBodyVariable;
    private String auditEngine;
    private String auditLogParts;
    private final List<long[]> removedIdRanges = new ArrayList<>();
    private final List<String> removedTags = new ArrayList<>();
    private final List<String> removedMsgs = new ArrayList<>();
    private final List<TargetRemoval> removedTargets = new ArrayList<>();

    // outcome
    private final MatchLog matches = new MatchLog();
    private Verdict verdict;
    private boolean allowAll;
    private boolean allowRequest;
    private int highestSeverity = 255;

    private final Candidates candidates = new Candidates();
    private boolean candidatesInUse;

    // A request body fed in pieces as it is read (requestBodyPart), instead of whole (requestBody).
    private boolean bodyFed;
    /** Its multipart parse, when MULTIPART applies: fed as the pieces come, so file contents are never held. */
    private MultipartSession multipartFeed;
    /** Whether the fed bytes count against SecRequestBodyNoFilesLimit (multipart: only what its parse counts). */
    private boolean fedCountsAsNoFiles;
    /** The fed bytes kept for REQUEST_BODY and the non-multipart processors, at most {@link #fedKeepLimit}. */
    private byte[] fedBytes = new byte[0];
    private int fedKept;
    private int fedKeepLimit;
    private long fedLength;

    /** What the transaction has worked out per distinct value (transformations, signatures, last verdict). */
    private final ValueMemos memos;
    /** Numbers link evaluations, so a memo's verdict is reused only within the evaluation that produced it. */
    private int evaluationCount;
    private static final String[] CAPTURE_KEYS = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};

    /** Values of each target ({@link Rule#targetIds}), and the epoch they were resolved in. */
    private Candidates[] targetValues;
    private int[] targetValuesEpoch;
    /**
     * Moves on when a phase starts (request data change only between phases) and when a {@code ctl:} changes what a
     * variable holds: values resolved in an earlier epoch are resolved again.
     */
    private int resolutionEpoch;
    /**
     * Where this transaction's signatures live: taken from the rule set's pool at the first signature, given back
     * by {@link #close}, after which the transaction runs no more rules.
     */
    private SignatureArrays signatureArrays;
    private boolean closed;

    /** The value the operator is running on, for {@link #valueSignature}. */
    private ValueMemo operatorMemo;
    private int operatorEntry;

    /** A {@code ctl:ruleRemoveTarget*} of this transaction; {@code tagged}: the rules of the tag, by ordinal. */
    private record TargetRemoval(long from, long to, boolean[] tagged, String msg, Target target, List<Target> alone) {

        TargetRemoval(long from, long to, boolean[] tagged, String msg, Target target) {
            this(from, to, tagged, msg, target, List.of(target));
        }

        boolean appliesTo(Rule head) {
            return tagged != null ? tagged[head.ordinal]
                    : msg != null ? head.msg != null && head.msg.source().equals(msg)
                    : head.id >= from && head.id <= to;
        }
    }

    public TransactionState(CompiledRules program, Supplier<String> uniqueIds) {
        this.program = program;
        this.uniqueIds = uniqueIds;
        this.memos = new ValueMemos(program.memoSizes());
        EngineSettings s = program.settings();
        this.engineMode = s.engineMode();
        this.requestBodyAccess = s.requestBodyAccess();
        this.verdict = new Verdict(Verdict.Outcome.PASS, 0, null, null, List.of());
    }

    // ---- feeding the request ----

    public void connection(String remoteAddr, int remotePort, String serverAddr, int serverPort) {
        request.remoteAddr = nullToEmpty(remoteAddr);
        request.remotePort = remotePort;
        request.serverAddr = nullToEmpty(serverAddr);
        request.serverPort = serverPort;
    }

    /** The request line, as byte strings. */
    public void requestLine(String method, String target, String protocol) {
        request.method = nullToEmpty(method);
        request.uriRaw = nullToEmpty(target);
        request.protocol = nullToEmpty(protocol);
        request.requestLine = request.method + " " + request.uriRaw
                + (request.protocol.isEmpty() ? "" : " " + request.protocol);
        request.uri = RequestTargets.originForm(request.uriRaw);
        request.filename = RequestTargets.filename(request.uriRaw);
        int slash = Math.max(request.filename.lastIndexOf('/'), request.filename.lastIndexOf('\\'));
        request.basename = slash < 0 ? request.filename : request.filename.substring(slash + 1);
        int q = request.uri.indexOf('?');
        request.queryString = q < 0 ? null : request.uri.substring(q + 1);
        if (request.queryString != null) {
            int limit = program.settings().argumentsLimit();
            request.urlEncodingInvalid |= UrlEncoded.parse(request.queryString,
                    program.settings().argumentSeparator(), (name, value) -> {
                        if (request.argsGet.size() >= limit) {
                            return false;
                        }
                        request.argsGet.add(name, value);
                        return true;
                    });
        }
    }

    public void requestHeader(String name, String value) {
        request.headers.add(name, value);
        if (name.equalsIgnoreCase("Cookie")) {
            Cookies.parse(value, request.cookies);
        }
    }

    public void serverName(String name) {
        request.serverName = nullToEmpty(name);
    }

    /** The whole request body as a byte string (bounded by the caller), before phase 2. */
    public void requestBody(String body) {
        request.body = body;
        request.bodyLength = body.length();
    }

    /**
     * The next piece of the request body, for a body fed as it is read (the filter spools large bodies to disk and
     * must not hold them twice). Decided at the first piece, from what phase 1 left (body processor, body access,
     * {@code ctl:forceRequestBodyVariable}):
     * <ul>
     *   <li>MULTIPART: the pieces go straight through the multipart parser, which keeps part headers and field values
     *       but only counts file contents;</li>
     *   <li>the raw bytes are kept (up to {@code SecRequestBodyNoFilesLimit}) only when something reads them: the
     *       URLENCODED, JSON and XML processors, or REQUEST_BODY when forced. A body no processor reads is counted,
     *       not kept.</li>
     * </ul>
     * Enforcing the limits is the caller's job ({@link #requestBodyNoFilesLength()}); the cap here only bounds memory
     * when the caller lets an oversized body through (ProcessPartial, DetectionOnly).
     */
    public void requestBodyPart(byte[] bytes, int offset, int length) {
        if (!bodyFed) {
            startBodyFeed();
        } else if (fedBytes == null) {
            throw new IllegalStateException("request body fed after phase 2 started");
        }
        fedLength += length;
        if (multipartFeed != null) {
            multipartFeed.feed(bytes, offset, length);
        }
        int keep = Math.min(length, fedKeepLimit - fedKept);
        if (keep > 0) {
            if (fedKept + keep > fedBytes.length) {
                fedBytes = Arrays.copyOf(fedBytes, (int) Math.min(fedKeepLimit,
                        Math.max(fedKept + (long) keep, Math.max(1024L, fedBytes.length * 2L))));
            }
            System.arraycopy(bytes, offset, fedBytes, fedKept, keep);
            fedKept += keep;
        }
    }

    /**
     * The bytes fed so far that count against {@code SecRequestBodyNoFilesLimit}, as ModSecurity counts them: for
     * MULTIPART, part headers and field values; for the other processors (or REQUEST_BODY forced with none), every
     * byte; otherwise (no processor reads the body, or body access is off) none.
     */
    public long requestBodyNoFilesLength() {
        if (multipartFeed != null) {
            return multipartFeed.noFilesLength();
        }
        return fedCountsAsNoFiles ? fedLength : 0;
    }

    private void startBodyFeed() {
        bodyFed = true;
        if (!requestBodyAccess) {
            return;
        }
        String processor = request.bodyProcessor;
        int noFilesLimit = (int) Math.min(Integer.MAX_VALUE - 16, program.settings().requestBodyNoFilesLimit());
        if ("MULTIPART".equals(processor)) {
            multipartFeed = MULTIPART_PARSER.start(request.headers.first("Content-Type"));
            fedKeepLimit = forceRequestBodyVariable ? noFilesLimit : 0;
        } else {
            fedCountsAsNoFiles = processor != null || forceRequestBodyVariable;
            fedKeepLimit = fedCountsAsNoFiles ? noFilesLimit : 0;
        }
    }

    /** Ends a fed body: what phase 2 sees is what was kept (REQUEST_BODY_LENGTH is what was fed). */
    private void endBodyFeed() {
        request.body = new String(fedBytes, 0, fedKept, StandardCharsets.ISO_8859_1);
        request.bodyLength = fedLength;
        fedBytes = null;
    }

    /** The response status line and headers, before phase 3. */
    public void responseStatus(int status, String protocol) {
        request.responseStatus = status;
        request.responseProtocol = nullToEmpty(protocol);
    }

    public void responseHeader(String name, String value) {
        request.responseHeaders.add(name, value);
    }

    /** The response body (byte string, possibly truncated to the limit), before phase 4. */
    public void responseBody(String body) {
        request.responseBody = body;
    }

    /** Whether the response body should be buffered for phase 4: access on and a MIME type listed. */
    public boolean wantsResponseBody() {
        if (!program.settings().responseBodyAccess() || engineMode == EngineMode.OFF) {
            return false;
        }
        String ct = request.responseHeaders.first("Content-Type");
        if (ct == null) {
            return false;
        }
        int semi = ct.indexOf(';');
        String mime = Ascii.lower((semi < 0 ? ct : ct.substring(0, semi)).trim());
        return program.settings().responseBodyMimeTypes().contains(mime);
    }

    public String header(String name) {
        return request.headers.first(name);
    }

    // ---- running phases ----

    /** Runs the rules of {@code phase}; returns the verdict (sticky once interrupted). */
    public Verdict runPhase(int phase) {
        if (closed) {
            throw new IllegalStateException("transaction " + uniqueId() + " is closed; it runs no more rules");
        }
        if (phase == 1) {
            selectDefaultBodyProcessor();
        }
        if (phase == 2) {
            processRequestBody();
        }
        if (engineMode == EngineMode.OFF || stopped(phase)) {
            return verdict();
        }
        Rule[] rules = program.phase(phase);
        resolutionEpoch++;
        int i = 0;
        while (i < rules.length) {
            Rule r = rules[i];
            if (r.isMarker() || isRemoved(r)) {
                i++;
                continue;
            }
            Disruptive outcome = evaluate(r, phase);
            if (outcome == null) {
                i++;
                continue;
            }
            if (stopped(phase) || outcome == Disruptive.ALLOW_PHASE) {
                return verdict();
            }
            if (r.skipAfter != null) {
                i = program.skipAfterResume(phase, i);
                continue;
            }
            i++;
            for (int skipped = 0; skipped < r.skip && i < rules.length; i++) {
                if (!rules[i].isMarker()) {
                    skipped++;
                }
            }
        }
        return verdict();
    }

    /** Whether rule processing is over for {@code phase}; the logging phase always runs, as in ModSecurity. */
    private boolean stopped(int phase) {
        if (phase == 5) {
            return false;
        }
        return verdict.isInterrupted() || allowAll || (allowRequest && phase <= 2);
    }

    /**
     * The body processor the Content-Type selects, as ModSecurity decides it when the transaction starts (so phase 1
     * rules see it in REQBODY_PROCESSOR): URLENCODED or MULTIPART; JSON and XML only through
     * {@code ctl:requestBodyProcessor}.
     */
    private void selectDefaultBodyProcessor() {
        if (request.bodyProcessor != null) {
            return;
        }
        String ct = request.headers.first("Content-Type");
        if (ct == null) {
            return;
        }
        if (startsWithIgnoringCase(ct, "application/x-www-form-urlencoded")) {
            request.bodyProcessor = "URLENCODED";
        } else if (startsWithIgnoringCase(ct, "multipart/form-data")) {
            request.bodyProcessor = "MULTIPART";
        }
    }

    /** For an ASCII {@code prefix}; no byte above 0x7F folds onto ASCII, so regionMatches is exact here. */
    private static boolean startsWithIgnoringCase(String s, String prefix) {
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    private void processRequestBody() {
        if (bodyFed && fedBytes != null) {
            endBodyFeed();
        }
        if (!requestBodyAccess || request.body == null) {
            return;
        }
        String processor = request.bodyProcessor;
        if (processor == null) {
            return;
        }
        EngineSettings settings = program.settings();
        switch (processor) {
            case "URLENCODED" -> {
                int limit = settings.argumentsLimit();
                request.urlEncodingInvalid |= UrlEncoded.parse(request.body, settings.argumentSeparator(),
                        (name, value) -> {
                            if (request.argsGet.size() + request.argsPost.size() >= limit) {
                                return false;
                            }
                            request.argsPost.add(name, value);
                            return true;
                        });
            }
            case "JSON" -> {
                if (request.body.isEmpty()) {
                    return;
                }
                JsonBodyParser parser = new JsonBodyParser(settings.jsonDepthLimit(),
                        Math.max(0, settings.argumentsLimit() - request.argsGet.size()));
                try {
                    parser.parse(request.body, request.argsPost::add);
                } catch (BodyParseException e) {
                    bodyError(e.getMessage()); // the parser's message carries the "JSON parsing error: " prefix
                }
            }
            case "XML" -> {
                try {
                    request.xml = XML_PARSER.parse(request.body.getBytes(StandardCharsets.ISO_8859_1));
                } catch (BodyParseException e) {
                    bodyError(e.getMessage()); // with its "XML parsing error: " prefix
                }
            }
            case "MULTIPART" -> {
                MultipartResult result = multipartFeed != null ? multipartFeed.finish()
                        : MULTIPART_PARSER.parse(request.headers.first("Content-Type"), request.body);
                request.multipart = result;
                if (result.hasError()) {
                    bodyError(result.errorMessage());
                }
                int limit = settings.argumentsLimit();
                result.emitArguments((name, value) -> {
                    if (request.argsGet.size() + request.argsPost.size() < limit) {
                        request.argsPost.add(name, value);
                    }
                });
            }
            default -> bodyError("unknown request body processor " + processor);
        }
    }

    private void bodyError(String message) {
        request.bodyError = true;
        request.bodyErrorMessage = message;
    }

    private boolean isRemoved(Rule r) {
        if (removedIdRanges.isEmpty() && removedTags.isEmpty() && removedMsgs.isEmpty()) {
            return false;
        }
        for (long[] range : removedIdRanges) {
            if (r.id >= range[0] && r.id <= range[1]) {
                return true;
            }
        }
        for (String tag : removedTags) {
            if (r.tagSet.contains(tag)) {
                return true;
            }
        }
        if (!removedMsgs.isEmpty() && r.msg != null) {
            return removedMsgs.contains(r.msg.source());
        }
        return false;
    }

    /** Evaluates a rule (with its chain); returns its disruptive action when it matched, else null. */
    private Disruptive evaluate(Rule head, int phase) {
        if (head.next == null) {
            boolean any = evaluateLink(head, head, phase, true);
            return any ? effective(head) : null;
        }
        if (!evaluateLink(head, head, phase, false)) {
            return null;
        }
        String headVarName = matchedVarName;
        String headValue = matchedVar;
        for (Rule link = head.next; link != null; link = link.next) {
            if (!evaluateLink(link, head, phase, false)) {
                return null;
            }
        }
        record(head, phase, headVarName, headValue);
        return effective(head);
    }

    private Disruptive effective(Rule head) {
        return head.disruptive;
    }

    /**
     * Evaluates one link over all its values. For a rule without chain ({@code perMatch}), actions run and the
     * match is recorded for every matching value, as ModSecurity does.
     */
    private boolean evaluateLink(Rule link, Rule head, int phase, boolean perMatch) {
        if (link.singleEntry != null && runtimeExclusions(head).isEmpty()) {
            return evaluateEntry(link, head, phase, perMatch);
        }
        if (link.targetIds != null) {
            // ctl:ruleRemoveTarget* of this transaction (CRS 941010 removes REQUEST_FILENAME from the XSS rules)
            List<Target> runtime = runtimeExclusions(head);
            if (!link.counts || (link.exclusions.isEmpty() && runtime.isEmpty())) {
                return evaluateTargets(link, head, phase, perMatch, runtime);
            }
        }
        // one buffer, reused rule after rule; a nested use (never expected) gets its own
        Candidates values = candidatesInUse ? new Candidates() : candidates;
        boolean owner = !candidatesInUse;
        candidatesInUse = true;
        try {
            TargetValues.resolve(this, link, head, values);
            int size = values.size();
            if (size == 0) {
                return false; // no values: MATCHED_VARS stays as it was
            }
            startEvaluation(link);
            try {
                return (size < 2 || mayMatch(link, values, -1, 0, size))
                        && evaluateRange(link, head, phase, perMatch, values, 0, size, List.of(), null) != NO_MATCH;
            } finally {
                endEvaluation();
            }
        } finally {
            if (owner) {
                values.clear();
                candidatesInUse = false;
            }
        }
    }

    /**
     * {@link #evaluateLink} of a link that reads one collection entry or its count ({@link Rule#singleEntry}) and no
     * ctl removal concerns, without the value lists: the entry is found by its key and the operator runs on it (or on
     * its count) as it is.
     */
    private boolean evaluateEntry(Rule link, Rule head, int phase, boolean perMatch) {
        Target target = link.singleEntry;
        Map<String, String[]> c = collection(target.variable().name());
        String[] entry = c == null ? null : c.get(target.lowerCaseKey());
        String value;
        String name;
        if (target.isCount()) { // a count is a value even when it is 0, named as written
            value = entry == null ? "0" : "1";
            name = target.toString();
        } else if (entry == null) {
            return false; // no value: MATCHED_VARS stays as it was
        } else {
            value = entry[1];
            name = null; // made only for a match
        }
        startEvaluation(link);
        try {
            String hit = directMatch(link, value);
            if (hit == null) {
                return false;
            }
            matched(link, head, phase, perMatch, name != null ? name : target.entryName(entry[0]), hit);
            return true;
        } finally {
            endEvaluation();
        }
    }

    /**
     * Evaluates a link whose targets stay the same within the phase, target by target in the link's order, from
     * the values each target had when first resolved in this phase. A target's values (or a part of
     * {@link Candidates#PART} of them) are skipped at once when their union signature rules the operator out.
     */
    private boolean evaluateTargets(Rule link, Rule head, int phase, boolean perMatch, List<Target> runtime) {
        boolean started = false;
        boolean any = false;
        try {
            int[] ids = link.targetIds;
            for (int t = 0; t < ids.length; t++) {
                // the Target itself is read only to resolve values or to apply a ctl removal: mostly not at all
                Candidates values = targetCandidates(ids[t], link, t, phase);
                int size = values.size();
                if (size == 0) {
                    continue;
                }
                if (!started) { // as for any link, MATCHED_VARS starts afresh once there are values
                    startEvaluation(link);
                    started = true;
                }
                List<Target> extra = runtime.isEmpty() ? runtime : concerning(runtime, link.targets.get(t).variable());
                if ((!extra.isEmpty() && removesWhole(extra, link.targets.get(t).variable()))
                        || (size >= 2 && !mayMatch(link, values, -1, 0, size))) {
                    continue;
                }
                List<Target> exclusions = link.exclusions;
                long[] excludedMask = null;
                if (!extra.isEmpty()) {
                    exclusions = new ArrayList<>(exclusions);
                    exclusions.addAll(extra);
                } else if (link.exclusionsId >= 0) {
                    // the values the link's own exclusions remove, worked out once per phase for all links with them
                    excludedMask = values.exclusionMask(link.exclusionsId, program.sharedExclusionCount(), exclusions);
                }
                int parts = size > Candidates.PART ? values.parts() : 1;
                for (int part = 0; part < parts; part++) {
                    int from = part * Candidates.PART;
                    int to = parts == 1 ? size : Math.min(size, from + Candidates.PART);
                    if (parts > 1 && !mayMatch(link, values, part, from, to)) {
                        continue;
                    }
                    int result = evaluateRange(link, head, phase, perMatch, values, from, to, exclusions,
                            excludedMask);
                    if (result == INTERRUPTED) {
                        return true;
                    }
                    any |= result == MATCHED;
                }
            }
            return any;
        } finally {
            if (started) {
                endEvaluation();
            }
        }
    }

    /**
     * The values of one target ({@link Rule#targetIds}) before any exclusion, resolved once per
     * {@link #resolutionEpoch}; each link applies its own exclusions ({@link Candidates#excluded}).
     */
    private Candidates targetCandidates(int id, Rule link, int t, int phase) {
        if (targetValues == null) {
            targetValues = new Candidates[program.sharedTargetCount()];
            targetValuesEpoch = new int[targetValues.length];
        }
        Candidates values = targetValues[id];
        if (values == null || targetValuesEpoch[id] != resolutionEpoch) {
            Candidates buffer = candidatesInUse ? new Candidates() : candidates;
            buffer.clear();
            TargetValues.values(this, link.targets.get(t), List.of(), buffer);
            values = buffer.frozenCopy(program.unionCapacity(phase, id));
            if (buffer == candidates) {
                buffer.clear();
            }
            targetValues[id] = values;
            targetValuesEpoch[id] = resolutionEpoch;
        }
        return values;
    }

    /**
     * False when the link's operator can match none of values {@code from..to} (all of them when {@code part} is
     * -1, else part {@code part}), judged from one signature of all of them after the link's transformations.
     */
    private boolean mayMatch(Rule link, Candidates values, int part, int from, int to) {
        SignatureFilter filter = link.unionFilter; // null unless the verdict depends on the value alone
        if (filter == null || link.negated) {
            return true; // nothing to rule out by signature: no union worth making
        }
        int key = link.chainKey;
        long[] union = values.union(key, part);
        if (union == null) {
            union = unionSignature(link, values, key, part, from, to);
        }
        return union == Candidates.NO_UNION || filter.mayMatch(union);
    }

    /**
     * A number for the texts a chain gives: the result of its last prefix, or for multiMatch all its steps' results
     * (the operator runs on each); -1 for the value itself.
     */
    static int chainKey(TransformationPipeline p, boolean multiMatch) {
        int last = p.length() == 0 ? -1 : p.prefixId(p.length() - 1);
        return multiMatch ? -2 - last : last;
    }

    /** Scratch space of {@link #unionSignature} and {@link #rawUnion}, reused from rule to rule. */
    private long[][] unionSignatures = new long[16][];
    private long[][] rawSignatures = new long[16][];

    /**
     * One signature covering every text the link's operator would see in values {@code from..to} (each step's
     * result for multiMatch), stored in {@code values}; {@link Candidates#NO_UNION} when a text is not a byte string.
     * For key {@link #RAW_CHAIN} it is the union of the values themselves. For a chain, only the values it can act on
     * (their {@link CharClasses} trigger one of its steps beyond letter case) are transformed: their texts'
     * signatures are merged into the values' own union, which stands for all the others (and, being more, is still
     * a sound union for the rest). When the chain can act on none, that own union is the answer, shared.
     */
    private long[] unionSignature(Rule link, Candidates values, int key, int part, int from, int to) {
        if (key == RAW_CHAIN) {
            return rawUnion(values, part, from, to);
        }
        TransformationPipeline p = link.transformations;
        int steps = link.multiMatch ? p.length() + 1 : 1;
        int capacity = 1 + (to - from) * steps;
        if (unionSignatures.length < capacity) {
            unionSignatures = new long[Math.max(capacity, 2 * unionSignatures.length)][];
        }
        int n = 0;
        for (int i = from; i < to; i++) {
            ValueMemo memo = values.memo(i, this);
            if (p.keepsSignature(memo.classes())) {
                continue; // its texts all have its own signature, which the values' union holds
            }
            int first = link.multiMatch ? 0 : p.length();
            String previous = null;
            for (int s = first; s <= p.length(); s++) {
                int entry = transform(memo, p, s);
                String text = memo.text(entry);
                if (text != previous) { // a step that changed nothing adds nothing
                    if (entry != ValueMemo.RAW) {
                        unionSignatures[n++] = memo.signature(entry, signatureArrays());
                    }
                    previous = text;
                }
            }
        }
        long[] raw = rawUnion(values, part, from, to);
        if (n == 0 || raw == Candidates.NO_UNION) {
            values.storeUnion(key, part, raw);
            return raw;
        }
        try {
            unionSignatures[n++] = raw;
            long[] union = Regex.unionSignature(unionSignatures, n, signatureArrays());
            if (union == null) {
                union = Candidates.NO_UNION;
            }
            values.storeUnion(key, part, union);
            return union;
        } finally {
            java.util.Arrays.fill(unionSignatures, 0, n, null);
        }
    }

    /** The union of the signatures of values {@code from..to} themselves, computed once per part. */
    private long[] rawUnion(Candidates values, int part, int from, int to) {
        long[] union = values.union(RAW_CHAIN, part);
        if (union != null) {
            return union;
        }
        if (rawSignatures.length < to - from) {
            rawSignatures = new long[Math.max(to - from, 2 * rawSignatures.length)][];
        }
        long[][] sigs = rawSignatures;
        SignatureArrays arrays = signatureArrays();
        for (int i = from; i < to; i++) {
            sigs[i - from] = values.memo(i, this).signature(ValueMemo.RAW, arrays);
        }
        union = Regex.unionSignature(sigs, to - from, arrays);
        java.util.Arrays.fill(sigs, 0, to - from, null);
        if (union == null) {
            union = Candidates.NO_UNION;
        }
        values.storeUnion(RAW_CHAIN, part, union);
        return union;
    }

    /** {@link #chainKey} of no transformation. */
    static final int RAW_CHAIN = -1;

    /** Results of {@link #evaluateRange}. */
    private static final int NO_MATCH = 0;
    private static final int MATCHED = 1;
    private static final int INTERRUPTED = 2;

    /** The link evaluation in progress: verdicts of value-determined operators are reused within it. */
    private int evaluation;

    private void startEvaluation(Rule link) {
        matchedVars.clear();
        capturing = link.capture;
        evaluation = ++evaluationCount;
    }

    private void endEvaluation() {
        capturing = false;
        operatorMemo = null;
    }

    /**
     * Evaluates a link over values {@code from..to}, leaving out those {@code exclusions} remove (those set in
     * {@code excludedMask} when there is one: the same, worked out before); returns
     * {@link #NO_MATCH}, {@link #MATCHED} or {@link #INTERRUPTED} (a match interrupted the transaction).
     */
    private int evaluateRange(Rule link, Rule head, int phase, boolean perMatch, Candidates values, int from, int to,
            List<Target> exclusions, long[] excludedMask) {
        int result = NO_MATCH;
        // A verdict that depends on the value alone is worked out once per distinct value in this evaluation (a
        // JSON key repeated in every array element). Matches are still recorded, and actions run, per name.
        boolean reuse = link.valueDetermined;
        // Nothing to transform and no verdict to keep (TX:DETECTION_PARANOIA_LEVEL "@lt 2"): no memo needed.
        boolean direct = !reuse && link.transformations.length() == 0 && !link.multiMatch;
        for (int i = from; i < to; i++) {
            if (excludedMask != null ? (excludedMask[i >>> 6] & 1L << i) != 0
                    : !exclusions.isEmpty() && values.excluded(i, exclusions)) {
                continue;
            }
            String hit;
            if (direct) {
                hit = directMatch(link, values.value(i));
            } else {
                ValueMemo memo = values.memo(i, this);
                if (reuse && memo.evaluation == evaluation && (memo.verdict == null || !link.capture)) {
                    hit = memo.verdict; // a repeated match of a capturing rule runs again to set TX:0..9
                } else {
                    hit = match(link, memo);
                    memo.evaluation = evaluation;
                    memo.verdict = hit;
                }
            }
            if (hit == null) {
                continue;
            }
            result = MATCHED;
            if (matched(link, head, phase, perMatch, values.name(i), hit)) {
                return INTERRUPTED;
            }
        }
        return result;
    }

    /**
     * What a match of {@code link} on one value does: MATCHED_VAR, MATCHED_VAR_NAME and MATCHED_VARS, the link's
     * non-disruptive actions (at each match, also in a chain before its next link is evaluated, as in ModSecurity:
     * CRS 920420 sets tx.content_type in the head and tests it in the link), and for a rule without chain the match
     * event. Returns whether that interrupted the transaction.
     */
    private boolean matched(Rule link, Rule head, int phase, boolean perMatch, String name, String hit) {
        matchedVar = hit;
        matchedVarName = name;
        matchedVars.add(name, hit);
        runActions(link.actions);
        if (perMatch) {
            record(head, phase, name, hit);
            return verdict.isInterrupted();
        }
        return false;
    }

    /** The operator on the value as it is; returns the value when it matched, else null. */
    private String directMatch(Rule link, String value) {
        capturesCleared = false;
        operatorMemo = null;
        return link.operator.matches(this, value) != link.negated ? value : null;
    }

    /** The arrays this transaction's signatures are made in. */
    SignatureArrays signatureArrays() {
        if (signatureArrays == null) {
            signatureArrays = program.signaturePool().acquire();
        }
        return signatureArrays;
    }

    /**
     * Ends the transaction: its signature arrays go back to the rule set's pool for the next transaction, so no rule
     * may run after this. The verdict and the matches stay readable. Idempotent.
     */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        memos.report(program.memoSizes());
        if (signatureArrays != null) {
            program.signaturePool().release(signatureArrays);
            signatureArrays = null;
        }
    }

    /** The memo of a value, created on first sight. */
    ValueMemo memo(String value) {
        return memos.get(value);
    }

    /** Applies the transformations and the operator; returns the text that matched, or null. */
    private String match(Rule link, ValueMemo memo) {
        TransformationPipeline p = link.transformations;
        if (!link.multiMatch) {
            int entry = transform(memo, p, p.length());
            return operatorMatches(link, memo, entry) ? memo.text(entry) : null;
        }
        if (operatorMatches(link, memo, ValueMemo.RAW)) {
            return memo.text(ValueMemo.RAW);
        }
        String previous = memo.text(ValueMemo.RAW);
        for (int i = 1; i <= p.length(); i++) {
            int entry = transform(memo, p, i);
            String v = memo.text(entry);
            if (v != previous && !v.equals(previous) && operatorMatches(link, memo, entry)) {
                return v;
            }
            previous = v;
        }
        return null;
    }

    private boolean operatorMatches(Rule link, ValueMemo memo, int entry) {
        SignatureFilter filter = link.unionFilter;
        if (filter != null) {
            // the operator would test the same signature first; testing it here spares reading the operator
            long[] sig = memo.signature(entry, signatureArrays());
            if (sig != null && !filter.mayMatch(sig)) {
                return link.negated;
            }
        }
        capturesCleared = false;
        operatorMemo = memo;
        operatorEntry = entry;
        return link.operator.matches(this, memo.text(entry)) != link.negated;
    }

    /**
     * The entry of {@code memo} holding the value after the first {@code steps} transformations of {@code p},
     * computed from the longest prefix already worked out.
     */
    private static int transform(ValueMemo memo, TransformationPipeline p, int steps) {
        if (steps == 0 || memo.unchangedByAll(p.prefixMask(steps - 1))) {
            return ValueMemo.RAW;
        }
        int start = steps;
        int entry = -1;
        while (start > 0 && (entry = memo.entry(p.prefixId(start - 1))) < 0) {
            start--;
        }
        if (start == 0) {
            entry = ValueMemo.RAW;
        }
        String v = memo.text(entry);
        String raw = memo.text(ValueMemo.RAW);
        for (int i = start; i < steps; i++) {
            v = memo.apply(p.step(i), p.stepBit(i), v);
            // a prefix that gave the value back needs no entry: it is found again at once through apply
            entry = v == raw ? ValueMemo.RAW : memo.add(p.prefixId(i), v);
        }
        return entry;
    }

    private void runActions(List<RuntimeAction> actions) {
        for (int i = 0; i < actions.size(); i++) { // indexed: no iterator per rule match
            actions.get(i).execute(this);
        }
    }

    /** Records the match of a rule (head) and applies its disruptive action. */
    private void record(Rule head, int phase, String variable, String value) {
        boolean interrupts = false;
        Verdict.Outcome outcome = Verdict.Outcome.PASS;
        switch (head.disruptive) {
            case DENY -> outcome = Verdict.Outcome.DENY;
            case DROP -> outcome = Verdict.Outcome.DROP;
            case REDIRECT -> outcome = Verdict.Outcome.REDIRECT;
            case ALLOW -> allowAll = true;
            case ALLOW_REQUEST -> allowRequest = true;
            default -> { }
        }
        if (outcome != Verdict.Outcome.PASS && engineMode == EngineMode.ON) {
            interrupts = true;
        }
        if (head.severity >= 0 && head.severity < highestSeverity && head.log) {
            highestSeverity = head.severity;
        }
        RuleMatch m = new RuleMatch(head.id, head.location, phase, variable, value,
                head.operatorText,
                head.msg == null ? "" : expand(head.msg), head.logdata == null ? "" : expand(head.logdata),
                head.tags, head.severity, head.ver, head.log, head.auditLog, interrupts);
        matches.add(m);
        if (interrupts) {
            String location = head.redirectUrl == null ? null : expand(head.redirectUrl);
            int status = outcome == Verdict.Outcome.REDIRECT ? 302 : head.status;
            verdict = new Verdict(outcome, status, location, m, matches.snapshot());
        }
    }

    /** The verdict, with every match recorded so far. */
    public Verdict verdict() {
        if (verdict.matches().size() != matches.size()) {
            verdict = new Verdict(verdict.outcome(), verdict.status(), verdict.location(), verdict.cause(),
                    matches.snapshot());
        }
        return verdict;
    }

    public List<RuleMatch> matches() {
        return matches.snapshot();
    }

    public String uniqueId() {
        if (uniqueId == null) {
            uniqueId = uniqueIds.get();
        }
        return uniqueId;
    }

    public EngineMode engineMode() {
        return engineMode;
    }

    public Map<String, String> environment() {
        return java.util.Collections.unmodifiableMap(environment);
    }

    // ---- values seen by rules ----

    CompiledRules program() {
        return program;
    }

    RequestData request() {
        return request;
    }

    String matchedVar() {
        return matchedVar;
    }

    String matchedVarName() {
        return matchedVarName;
    }

    KeyValues matchedVars() {
        return matchedVars;
    }

    Map<String, String[]> tx() {
        return tx;
    }

    Map<String, String[]> collection(String name) {
        if (name.equals("TX")) {
            return tx;
        }
        return openCollections.get(name);
    }

    String forcedOrDefaultBody() {
        if (request.body == null) {
            return null;
        }
        if ("URLENCODED".equals(request.bodyProcessor) || (request.bodyProcessor == null
                && forceRequestBodyVariable)) {
            return request.body;
        }
        return forceRequestBodyVariable ? request.body : null;
    }

    long durationMicros() {
        return (System.nanoTime() - startNanos) / 1000;
    }

    long startMillis() {
        return startMillis;
    }

    int highestSeverity() {
        return highestSeverity;
    }

    /** Those of {@code exclusions} about variable {@code v}: the others cannot remove any of its values. */
    private static List<Target> concerning(List<Target> exclusions, Variable v) {
        int concern = 0;
        for (int i = 0; i < exclusions.size(); i++) {
            if (exclusions.get(i).variable() == v) {
                concern++;
            }
        }
        if (concern == 0 || concern == exclusions.size()) {
            return concern == 0 ? List.of() : exclusions; // the usual cases: no copy
        }
        List<Target> out = new ArrayList<>(concern);
        for (int i = 0; i < exclusions.size(); i++) {
            if (exclusions.get(i).variable() == v) {
                out.add(exclusions.get(i));
            }
        }
        return out;
    }

    /** Whether one of {@code exclusions} removes variable {@code v} altogether. */
    private static boolean removesWhole(List<Target> exclusions, Variable v) {
        for (int i = 0; i < exclusions.size(); i++) {
            if (exclusions.get(i).excludesWhole(v)) {
                return true;
            }
        }
        return false;
    }

    List<Target> runtimeExclusions(Rule head) {
        if (removedTargets.isEmpty()) {
            return List.of();
        }
        TargetRemoval only = null;
        List<Target> out = null;
        for (int i = 0; i < removedTargets.size(); i++) {
            TargetRemoval t = removedTargets.get(i);
            if (!t.appliesTo(head)) {
                continue;
            }
            if (only == null && out == null) {
                only = t; // mostly the only one (CRS 941010): its own one-element list, no copy
            } else {
                if (out == null) {
                    out = new ArrayList<>(4);
                    out.add(only.target);
                }
                out.add(t.target);
            }
        }
        return out != null ? out : only != null ? only.alone : List.of();
    }

    // ---- OperatorContext ----

    @Override
    public String expand(MacroText text) {
        return text.expand(macroResolver);
    }

    private final MacroText.Resolver macroResolver = ref -> Macros.resolve(this, ref);

    /** Scratch space of {@link Macros}: resolving a variable never expands another macro, so one is enough. */
    private Candidates macroValues;

    Candidates macroValues() {
        if (macroValues == null) {
            macroValues = new Candidates(2);
        }
        return macroValues;
    }

    @Override
    public boolean captureEnabled() {
        return capturing;
    }

    @Override
    public void setCapture(int index, String value) {
        if (!capturesCleared) {
            for (int bits = captureKeysSet; bits != 0; bits &= bits - 1) {
                tx.remove(CAPTURE_KEYS[Integer.numberOfTrailingZeros(bits)]);
            }
            captureKeysSet = 0;
            capturesCleared = true;
        }
        tx.put(CAPTURE_KEYS[index], new String[] {CAPTURE_KEYS[index], value});
        captureKeysSet |= 1 << index;
    }

    @Override
    public long[] valueSignature(String value) {
        if (operatorMemo != null && operatorMemo.text(operatorEntry) == value) {
            return operatorMemo.signature(operatorEntry, signatureArrays());
        }
        return Regex.signature(value, signatureArrays());
    }

    // ---- ActionContext ----

    @Override
    public String collectionValue(String collection, String key) {
        Map<String, String[]> c = collection(collection);
        if (c == null) {
            return null;
        }
        String[] e = c.get(Ascii.lower(key));
        return e == null ? null : e[1];
    }

    @Override
    public void setCollectionValue(String collection, String key, String value) {
        Map<String, String[]> c = collection(collection);
        if (c == null) {
            // writing to a collection that initcol has not opened: ModSecurity ignores it; so does Bulwark
            return;
        }
        String lowerKey = Ascii.lower(key);
        c.put(lowerKey, new String[] {key, value});
        if (c == tx && lowerKey.length() == 1 && lowerKey.charAt(0) >= '0' && lowerKey.charAt(0) <= '9') {
            captureKeysSet |= 1 << (lowerKey.charAt(0) - '0');
        }
    }

    @Override
    public void removeCollectionValue(String collection, String key) {
        Map<String, String[]> c = collection(collection);
        if (c != null) {
            c.remove(Ascii.lower(key));
        }
    }

    @Override
    public void openCollection(String collection, String key) {
        openCollections.computeIfAbsent(collection, k -> new LinkedHashMap<>());
    }

    @Override
    public void setEngineMode(EngineMode mode) {
        engineMode = mode;
    }

    @Override
    public void removeRulesById(long from, long to) {
        removedIdRanges.add(new long[] {from, to});
    }

    @Override
    public void removeRulesByTag(String tag) {
        removedTags.add(tag);
    }

    @Override
    public void removeRulesByMsg(String msg) {
        removedMsgs.add(msg);
    }

    @Override
    public void removeTargetById(long from, long to, Target target) {
        removedTargets.add(new TargetRemoval(from, to, null, null, target));
    }

    @Override
    public void removeTargetByTag(String tag, Target target) {
        removedTargets.add(new TargetRemoval(0, 0, program.taggedWith(tag), null, target));
    }

    @Override
    public void removeTargetByMsg(String msg, Target target) {
        removedTargets.add(new TargetRemoval(0, 0, null, msg, target));
    }

    @Override
    public void setRequestBodyProcessor(String processor) {
        request.bodyProcessor = processor;
        resolutionEpoch++; // what REQUEST_BODY holds may change
    }

    @Override
    public void setRequestBodyAccess(boolean on) {
        requestBodyAccess = on;
        resolutionEpoch++;
    }

    @Override
    public void setForceRequestBodyVariable(boolean on) {
        forceRequestBodyVariable = on;
        resolutionEpoch++;
    }

    @Override
    public void setAuditEngine(String value) {
        auditEngine = value;
    }

    @Override
    public void setAuditLogParts(String value) {
        auditLogParts = value;
    }

    @Override
    public void setEnvironment(String name, String value) {
        environment.put(name, value);
    }

    public String auditEngineOverride() {
        return auditEngine;
    }

    public String auditLogPartsOverride() {
        return auditLogParts;
    }

    /** When the transaction started. */
    public Instant startTime() {
        return Instant.ofEpochMilli(startMillis);
    }

    /**
     * The TX variables whose name contains {@code anomaly_score} (CRS scores per direction and paranoia level,
     * thresholds, severity weights), lower-case name to value, in the order first set. A copy.
     */
    public Map<String, String> anomalyScores() {
        Map<String, String> scores = new LinkedHashMap<>();
        for (Map.Entry<String, String[]> e : tx.entrySet()) {
            if (e.getKey().contains("anomaly_score")) {
                scores.put(e.getKey(), e.getValue()[1]);
            }
        }
        return java.util.Collections.unmodifiableMap(scores);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** Whether the variable exists in the current phase (used by &counts of scalars). */
    static boolean isScalar(Variable v) {
        return !v.isCollection();
    }
}
