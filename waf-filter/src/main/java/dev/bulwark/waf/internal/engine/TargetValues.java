package dev.bulwark.waf.internal.engine;

import dev.bulwark.waf.internal.body.MultipartFlag;
import dev.bulwark.waf.internal.body.MultipartPart;
import dev.bulwark.waf.internal.body.MultipartResult;
import dev.bulwark.waf.internal.body.XmlDocument;
import dev.bulwark.waf.internal.variables.Target;
import dev.bulwark.waf.internal.variables.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Produces the values a rule inspects ({@link Candidates}): each target's variable, narrowed by its key selector, minus the
 * rule's exclusions ({@code !VAR:key}) and those added for this transaction by {@code ctl:ruleRemoveTarget*}.
 * Names are written as SecLang does ({@code ARGS:q}, {@code REQUEST_URI}).
 */
final class TargetValues {

    private TargetValues() {}

    /** Fills {@code out} (cleared first) with the values {@code link} inspects. */
    static void resolve(TransactionState tx, Rule link, Rule head, Candidates out) {
        out.clear();
        List<Target> runtime = tx.runtimeExclusions(head);
        List<Target> exclusions;
        if (runtime.isEmpty()) {
            exclusions = link.exclusions;
        } else {
            exclusions = new ArrayList<>(link.exclusions);
            exclusions.addAll(runtime);
        }
        for (int i = 0; i < link.targets.size(); i++) {
            values(tx, link.targets.get(i), exclusions, out);
        }
    }

    /** Appends the values of target {@code t} to {@code out}. */
    static void values(TransactionState tx, Target t, List<Target> exclusions, Candidates out) {
        int start = out.size();
        RequestData r = tx.request();
        Variable v = t.variable();
        out.startVariable(v);
        for (int i = 0; i < exclusions.size(); i++) {
            if (exclusions.get(i).excludesWhole(v)) {
                if (t.isCount()) {
                    countOf(t, out, start);
                }
                return;
            }
        }
        switch (v) {
            case ARGS -> {
                keyed(out, "ARGS", r.argsGet, t, exclusions, false);
                keyed(out, "ARGS", r.argsPost, t, exclusions, false);
            }
            case ARGS_GET -> keyed(out, "ARGS_GET", r.argsGet, t, exclusions, false);
            case ARGS_POST -> keyed(out, "ARGS_POST", r.argsPost, t, exclusions, false);
            case ARGS_NAMES -> {
                keyed(out, "ARGS_NAMES", r.argsGet, t, exclusions, true);
                keyed(out, "ARGS_NAMES", r.argsPost, t, exclusions, true);
            }
            case ARGS_GET_NAMES -> keyed(out, "ARGS_GET_NAMES", r.argsGet, t, exclusions, true);
            case ARGS_POST_NAMES -> keyed(out, "ARGS_POST_NAMES", r.argsPost, t, exclusions, true);
            case ARGS_COMBINED_SIZE -> out.add("ARGS_COMBINED_SIZE", null, Long.toString(combinedSize(r)));
            case REQUEST_HEADERS -> keyed(out, "REQUEST_HEADERS", r.headers, t, exclusions, false);
            case REQUEST_HEADERS_NAMES -> keyed(out, "REQUEST_HEADERS_NAMES", r.headers, t, exclusions, true);
            case REQUEST_COOKIES -> keyed(out, "REQUEST_COOKIES", r.cookies, t, exclusions, false);
            case REQUEST_COOKIES_NAMES -> keyed(out, "REQUEST_COOKIES_NAMES", r.cookies, t, exclusions, true);
            case REQUEST_METHOD -> out.add("REQUEST_METHOD", null, r.method);
            case REQUEST_URI -> out.add("REQUEST_URI", null, r.uri);
            case REQUEST_URI_RAW -> out.add("REQUEST_URI_RAW", null, r.uriRaw);
            case REQUEST_FILENAME -> out.add("REQUEST_FILENAME", null, r.filename);
            case REQUEST_BASENAME -> out.add("REQUEST_BASENAME", null, r.basename);
            case REQUEST_LINE -> out.add("REQUEST_LINE", null, r.requestLine);
            case REQUEST_PROTOCOL -> out.add("REQUEST_PROTOCOL", null, r.protocol);
            case QUERY_STRING -> out.add("QUERY_STRING", null, r.queryString == null ? "" : r.queryString);
            case REQUEST_BODY -> {
                String body = tx.forcedOrDefaultBody();
                if (body != null) {
                    out.add("REQUEST_BODY", null, body);
                }
            }
            case REQUEST_BODY_LENGTH -> out.add("REQUEST_BODY_LENGTH", null, Long.toString(r.bodyLength));
            // present (empty) when no processor applies, as in ModSecurity: CRS 901340 tests it with a negated @rx
            case REQBODY_PROCESSOR -> out.add("REQBODY_PROCESSOR", null,
                    r.bodyProcessor == null ? "" : r.bodyProcessor);
            case REQBODY_ERROR, REQBODY_PROCESSOR_ERROR ->
                    out.add(v.name(), null, r.bodyError ? "1" : "0");
            case REQBODY_ERROR_MSG, REQBODY_PROCESSOR_ERROR_MSG -> out.add(v.name(), null, r.bodyErrorMessage);
            case INBOUND_DATA_ERROR -> out.add("INBOUND_DATA_ERROR", null, "0");
            case REMOTE_ADDR -> out.add("REMOTE_ADDR", null, r.remoteAddr);
            case REMOTE_HOST -> out.add("REMOTE_HOST", null, r.remoteAddr);
            case REMOTE_PORT -> out.add("REMOTE_PORT", null, Integer.toString(r.remotePort));
            case SERVER_ADDR -> out.add("SERVER_ADDR", null, r.serverAddr);
            case SERVER_NAME -> out.add("SERVER_NAME", null, r.serverName);
            case SERVER_PORT -> out.add("SERVER_PORT", null, Integer.toString(r.serverPort));
            case UNIQUE_ID -> out.add("UNIQUE_ID", null, tx.uniqueId());
            case TX, GLOBAL, IP, SESSION, USER, RESOURCE -> collection(out, v.name(), tx.collection(v.name()), t,
                    exclusions);
            case MATCHED_VAR -> out.add("MATCHED_VAR", null, tx.matchedVar());
            case MATCHED_VAR_NAME -> out.add("MATCHED_VAR_NAME", null, tx.matchedVarName());
            case MATCHED_VARS -> copyMatched(out, "MATCHED_VARS", tx.matchedVars(), t, exclusions, false);
            case MATCHED_VARS_NAMES -> copyMatched(out, "MATCHED_VARS_NAMES", tx.matchedVars(), t, exclusions,
                    true);
            case DURATION -> out.add("DURATION", null, Long.toString(tx.durationMicros()));
            case TIME_EPOCH -> out.add("TIME_EPOCH", null, Long.toString(tx.startMillis() / 1000));
            case TIME -> out.add("TIME", null, java.time.LocalTime.now().withNano(0).toString());
            case HIGHEST_SEVERITY -> out.add("HIGHEST_SEVERITY", null, Integer.toString(tx.highestSeverity()));
            case FULL_REQUEST_LENGTH -> out.add("FULL_REQUEST_LENGTH", null, Long.toString(fullLength(r)));
            case RESPONSE_STATUS -> {
                if (r.responseStatus > 0) {
                    out.add("RESPONSE_STATUS", null, Integer.toString(r.responseStatus));
                }
            }
            case RESPONSE_PROTOCOL -> out.add("RESPONSE_PROTOCOL", null, r.responseProtocol);
            case RESPONSE_HEADERS -> keyed(out, "RESPONSE_HEADERS", r.responseHeaders, t, exclusions, false);
            case RESPONSE_HEADERS_NAMES -> keyed(out, "RESPONSE_HEADERS_NAMES", r.responseHeaders, t, exclusions,
                    true);
            case RESPONSE_BODY -> {
                if (r.responseBody != null) {
                    out.add("RESPONSE_BODY", null, r.responseBody);
                }
            }
            case RESPONSE_CONTENT_TYPE -> {
                String ct = r.responseHeaders.first("Content-Type");
                if (ct != null) {
                    out.add("RESPONSE_CONTENT_TYPE", null, ct);
                }
            }
            case RESPONSE_CONTENT_LENGTH -> {
                String cl = r.responseHeaders.first("Content-Length");
                if (cl != null) {
                    out.add("RESPONSE_CONTENT_LENGTH", null, cl);
                }
            }
            case XML -> xml(out, r.xml, t);
            case FILES, FILES_NAMES, FILES_SIZES -> files(out, v, r.multipart, t, exclusions);
            case FILES_COMBINED_SIZE -> out.add("FILES_COMBINED_SIZE", null,
                    Long.toString(r.multipart == null ? 0 : r.multipart.combinedFileSize()));
            case MULTIPART_PART_HEADERS -> partHeaders(out, r.multipart, t, exclusions);
            case MULTIPART_NAME -> {
                if (r.multipart != null && r.multipart.lastName() != null) {
                    out.add("MULTIPART_NAME", null, r.multipart.lastName());
                }
            }
            case MULTIPART_FILENAME -> {
                if (r.multipart != null && r.multipart.lastFilename() != null) {
                    out.add("MULTIPART_FILENAME", null, r.multipart.lastFilename());
                }
            }
            case MULTIPART_STRICT_ERROR -> flag(out, v, r.multipart != null && r.multipart.strictError());
            case MULTIPART_CRLF_LF_LINES -> flag(out, v, r.multipart != null && r.multipart.crlfLfLines());
            case MULTIPART_BOUNDARY_QUOTED, MULTIPART_BOUNDARY_WHITESPACE, MULTIPART_DATA_BEFORE,
                    MULTIPART_DATA_AFTER, MULTIPART_HEADER_FOLDING, MULTIPART_LF_LINE, MULTIPART_MISSING_SEMICOLON,
                    MULTIPART_INVALID_QUOTING, MULTIPART_INVALID_PART, MULTIPART_INVALID_HEADER_FOLDING,
                    MULTIPART_FILE_LIMIT_EXCEEDED, MULTIPART_UNMATCHED_BOUNDARY -> flag(out, v,
                    r.multipart != null && r.multipart.flag(MultipartFlag.valueOf(v.name().substring(10))));
        }
        if (t.isCount()) {
            countOf(t, out, start);
        }
    }

    /** Replaces the values appended since {@code start} by their count. */
    private static void countOf(Target t, Candidates out, int start) {
        int count = out.size() - start;
        out.truncate(start);
        out.add(t.toString(), null, count < SMALL_COUNTS.length ? SMALL_COUNTS[count] : Integer.toString(count));
    }

    /** Counts as text, made once: {@code &ARGS} and friends are counted on every request. */
    private static final String[] SMALL_COUNTS = new String[256];

    static {
        for (int i = 0; i < SMALL_COUNTS.length; i++) {
            SMALL_COUNTS[i] = Integer.toString(i);
        }
    }

    /** A multipart flag variable: "1" or "0", present whether or not the body was multipart (as in ModSecurity). */
    private static void flag(Candidates out, Variable v, boolean raised) {
        out.add(v.name(), null, raised ? "1" : "0");
    }

    /**
     * {@code XML:<xpath>}: the values the expression selects. Bare {@code XML} gives ModSecurity's placeholder for
     * the document tree. Nothing when the body was not parsed as XML.
     */
    private static void xml(Candidates out, XmlDocument doc, Target t) {
        if (doc == null) {
            return;
        }
        if (t.xpath() == null) {
            out.add("XML", null, XmlDocument.TREE_PLACEHOLDER);
            return;
        }
                for (String value : doc.select(t.xpath())) {
            out.add("XML", t.key(), value);
        }
    }

    private static void files(Candidates out, Variable v, MultipartResult mp, Target t,
            List<Target> exclusions) {
        if (mp == null) {
            return;
        }
        for (MultipartPart part : mp.parts()) {
            if (!part.isFile() || !t.selects(part.name()) || excluded(v, part.name(), exclusions)) {
                continue;
            }
            String value = switch (v) {
                case FILES -> part.filename();
                case FILES_NAMES -> part.name();
                default -> Long.toString(part.size());
            };
            out.add(v.name(), part.name(), value);
        }
    }

    private static void partHeaders(Candidates out, MultipartResult mp, Target t, List<Target> exclusions) {
        if (mp == null) {
            return;
        }
        for (MultipartPart part : mp.parts()) {
            if (!t.selects(part.name()) || excluded(Variable.MULTIPART_PART_HEADERS, part.name(), exclusions)) {
                continue;
            }
            for (String line : part.headerLines()) {
                out.add("MULTIPART_PART_HEADERS", part.name(), line);
            }
        }
    }

    private static void keyed(Candidates out, String prefix, KeyValues kv, Target t, List<Target> exclusions,
            boolean names) {
        Variable v = t.variable();
        for (int i = 0; i < kv.size(); i++) {
            String key = kv.key(i);
            if (!t.selects(key) || excluded(v, key, exclusions)) {
                continue;
            }
            out.add(prefix, key, names ? key : kv.value(i));
        }
    }

    private static void copyMatched(Candidates out, String prefix, KeyValues kv, Target t,
            List<Target> exclusions, boolean names) {
        for (int i = 0; i < kv.size(); i++) {
            String key = kv.key(i);
            if (!t.selects(key) || excluded(t.variable(), key, exclusions)) {
                continue;
            }
            out.add(prefix, key, names ? key : kv.value(i));
        }
    }

    private static void collection(Candidates out, String prefix, Map<String, String[]> c, Target t,
            List<Target> exclusions) {
        if (c == null) {
            return;
        }
        if (t.key() != null) {
            // fast path: direct lookup by key
            String[] e = c.get(t.lowerCaseKey());
            if (e != null && !excluded(t.variable(), e[0], exclusions)) {
                out.add(prefix, e[0], e[1], t.entryName(e[0]));
            }
            return;
        }
        for (String[] e : c.values()) {
            if (t.selects(e[0]) && !excluded(t.variable(), e[0], exclusions)) {
                out.add(prefix, e[0], e[1]);
            }
        }
    }

    private static boolean excluded(Variable v, String key, List<Target> exclusions) {
        for (int i = 0; i < exclusions.size(); i++) {
            if (exclusions.get(i).excludes(v, key)) {
                return true;
            }
        }
        return false;
    }

    private static long combinedSize(RequestData r) {
        long total = 0;
        for (KeyValues kv : new KeyValues[] {r.argsGet, r.argsPost}) {
            for (int i = 0; i < kv.size(); i++) {
                total += kv.key(i).length() + kv.value(i).length();
            }
        }
        return total;
    }

    private static long fullLength(RequestData r) {
        long total = r.requestLine.length() + 2;
        for (int i = 0; i < r.headers.size(); i++) {
            total += r.headers.key(i).length() + 2 + r.headers.value(i).length() + 2;
        }
        return total + 2 + r.bodyLength;
    }
}
