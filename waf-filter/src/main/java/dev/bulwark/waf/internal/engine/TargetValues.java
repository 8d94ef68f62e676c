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
 * Produces the (name, value) pairs a rule inspects: each target's variable, narrowed by its key selector, minus the
 * rule's exclusions ({@code !VAR:key}) and those added for this transaction by {@code ctl:ruleRemoveTarget*}.
 * Names are written as SecLang does ({@code ARGS:q}, {@code REQUEST_URI}).
 */
final class TargetValues {

    private TargetValues() {}

    static List<String[]> resolve(TransactionState tx, Rule link, Rule head) {
        List<Target> runtime = tx.runtimeExclusions(head);
        List<Target> exclusions;
        if (runtime.isEmpty()) {
            exclusions = link.exclusions;
        } else {
            exclusions = new ArrayList<>(link.exclusions);
            exclusions.addAll(runtime);
        }
        if (link.targets.size() == 1) {
            return values(tx, link.targets.get(0), exclusions);
        }
        List<String[]> out = new ArrayList<>();
        for (Target t : link.targets) {
            out.addAll(values(tx, t, exclusions));
        }
        return out;
    }

    static List<String[]> values(TransactionState tx, Target t, List<Target> exclusions) {
        List<String[]> out = new ArrayList<>();
        RequestData r = tx.request();
        Variable v = t.variable();
        for (int i = 0; i < exclusions.size(); i++) {
            if (exclusions.get(i).excludesWhole(v)) {
                return t.isCount() ? countOf(t, out) : out;
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
            case ARGS_COMBINED_SIZE -> out.add(pair("ARGS_COMBINED_SIZE", Long.toString(combinedSize(r))));
            case REQUEST_HEADERS -> keyed(out, "REQUEST_HEADERS", r.headers, t, exclusions, false);
            case REQUEST_HEADERS_NAMES -> keyed(out, "REQUEST_HEADERS_NAMES", r.headers, t, exclusions, true);
            case REQUEST_COOKIES -> keyed(out, "REQUEST_COOKIES", r.cookies, t, exclusions, false);
            case REQUEST_COOKIES_NAMES -> keyed(out, "REQUEST_COOKIES_NAMES", r.cookies, t, exclusions, true);
            case REQUEST_METHOD -> out.add(pair("REQUEST_METHOD", r.method));
            case REQUEST_URI -> out.add(pair("REQUEST_URI", r.uri));
            case REQUEST_URI_RAW -> out.add(pair("REQUEST_URI_RAW", r.uriRaw));
            case REQUEST_FILENAME -> out.add(pair("REQUEST_FILENAME", r.filename));
            case REQUEST_BASENAME -> out.add(pair("REQUEST_BASENAME", r.basename));
            case REQUEST_LINE -> out.add(pair("REQUEST_LINE", r.requestLine));
            case REQUEST_PROTOCOL -> out.add(pair("REQUEST_PROTOCOL", r.protocol));
            case QUERY_STRING -> out.add(pair("QUERY_STRING", r.queryString == null ? "" : r.queryString));
            case REQUEST_BODY -> {
                String body = tx.forcedOrDefaultBody();
                if (body != null) {
                    out.add(pair("REQUEST_BODY", body));
                }
            }
            case REQUEST_BODY_LENGTH -> out.add(pair("REQUEST_BODY_LENGTH", Long.toString(r.bodyLength)));
            // present (empty) when no processor applies, as in ModSecurity: CRS 901340 tests it with a negated @rx
            case REQBODY_PROCESSOR -> out.add(pair("REQBODY_PROCESSOR",
                    r.bodyProcessor == null ? "" : r.bodyProcessor));
            case REQBODY_ERROR, REQBODY_PROCESSOR_ERROR ->
                    out.add(pair(v.name(), r.bodyError ? "1" : "0"));
            case REQBODY_ERROR_MSG, REQBODY_PROCESSOR_ERROR_MSG -> out.add(pair(v.name(), r.bodyErrorMessage));
            case INBOUND_DATA_ERROR -> out.add(pair("INBOUND_DATA_ERROR", "0"));
            case REMOTE_ADDR -> out.add(pair("REMOTE_ADDR", r.remoteAddr));
            case REMOTE_HOST -> out.add(pair("REMOTE_HOST", r.remoteAddr));
            case REMOTE_PORT -> out.add(pair("REMOTE_PORT", Integer.toString(r.remotePort)));
            case SERVER_ADDR -> out.add(pair("SERVER_ADDR", r.serverAddr));
            case SERVER_NAME -> out.add(pair("SERVER_NAME", r.serverName));
            case SERVER_PORT -> out.add(pair("SERVER_PORT", Integer.toString(r.serverPort)));
            case UNIQUE_ID -> out.add(pair("UNIQUE_ID", tx.uniqueId()));
            case TX, GLOBAL, IP, SESSION, USER, RESOURCE -> collection(out, v.name(), tx.collection(v.name()), t,
                    exclusions);
            case MATCHED_VAR -> out.add(pair("MATCHED_VAR", tx.matchedVar()));
            case MATCHED_VAR_NAME -> out.add(pair("MATCHED_VAR_NAME", tx.matchedVarName()));
            case MATCHED_VARS -> copyMatched(out, "MATCHED_VARS", tx.matchedVars(), t, exclusions, false);
            case MATCHED_VARS_NAMES -> copyMatched(out, "MATCHED_VARS_NAMES", tx.matchedVars(), t, exclusions,
                    true);
            case DURATION -> out.add(pair("DURATION", Long.toString(tx.durationMicros())));
            case TIME_EPOCH -> out.add(pair("TIME_EPOCH", Long.toString(tx.startMillis() / 1000)));
            case TIME -> out.add(pair("TIME", java.time.LocalTime.now().withNano(0).toString()));
            case HIGHEST_SEVERITY -> out.add(pair("HIGHEST_SEVERITY", Integer.toString(tx.highestSeverity())));
            case FULL_REQUEST_LENGTH -> out.add(pair("FULL_REQUEST_LENGTH", Long.toString(fullLength(r))));
            case RESPONSE_STATUS -> {
                if (r.responseStatus > 0) {
                    out.add(pair("RESPONSE_STATUS", Integer.toString(r.responseStatus)));
                }
            }
            case RESPONSE_PROTOCOL -> out.add(pair("RESPONSE_PROTOCOL", r.responseProtocol));
            case RESPONSE_HEADERS -> keyed(out, "RESPONSE_HEADERS", r.responseHeaders, t, exclusions, false);
            case RESPONSE_HEADERS_NAMES -> keyed(out, "RESPONSE_HEADERS_NAMES", r.responseHeaders, t, exclusions,
                    true);
            case RESPONSE_BODY -> {
                if (r.responseBody != null) {
                    out.add(pair("RESPONSE_BODY", r.responseBody));
                }
            }
            case RESPONSE_CONTENT_TYPE -> {
                String ct = r.responseHeaders.first("Content-Type");
                if (ct != null) {
                    out.add(pair("RESPONSE_CONTENT_TYPE", ct));
                }
            }
            case RESPONSE_CONTENT_LENGTH -> {
                String cl = r.responseHeaders.first("Content-Length");
                if (cl != null) {
                    out.add(pair("RESPONSE_CONTENT_LENGTH", cl));
                }
            }
            case XML -> xml(out, r.xml, t);
            case FILES, FILES_NAMES, FILES_SIZES -> files(out, v, r.multipart, t, exclusions);
            case FILES_COMBINED_SIZE -> out.add(pair("FILES_COMBINED_SIZE",
                    Long.toString(r.multipart == null ? 0 : r.multipart.combinedFileSize())));
            case MULTIPART_PART_HEADERS -> partHeaders(out, r.multipart, t, exclusions);
            case MULTIPART_NAME -> {
                if (r.multipart != null && r.multipart.lastName() != null) {
                    out.add(pair("MULTIPART_NAME", r.multipart.lastName()));
                }
            }
            case MULTIPART_FILENAME -> {
                if (r.multipart != null && r.multipart.lastFilename() != null) {
                    out.add(pair("MULTIPART_FILENAME", r.multipart.lastFilename()));
                }
            }
            case MULTIPART_STRICT_ERROR -> out.add(flag(v, r.multipart != null && r.multipart.strictError()));
            case MULTIPART_CRLF_LF_LINES -> out.add(flag(v, r.multipart != null && r.multipart.crlfLfLines()));
            case MULTIPART_BOUNDARY_QUOTED, MULTIPART_BOUNDARY_WHITESPACE, MULTIPART_DATA_BEFORE,
                    MULTIPART_DATA_AFTER, MULTIPART_HEADER_FOLDING, MULTIPART_LF_LINE, MULTIPART_MISSING_SEMICOLON,
                    MULTIPART_INVALID_QUOTING, MULTIPART_INVALID_PART, MULTIPART_INVALID_HEADER_FOLDING,
                    MULTIPART_FILE_LIMIT_EXCEEDED, MULTIPART_UNMATCHED_BOUNDARY -> out.add(flag(v,
                    r.multipart != null && r.multipart.flag(MultipartFlag.valueOf(v.name().substring(10)))));
        }
        return t.isCount() ? countOf(t, out) : out;
    }

    private static List<String[]> countOf(Target t, List<String[]> values) {
        List<String[]> out = new ArrayList<>(1);
        out.add(pair(t.toString(), Integer.toString(values.size())));
        return out;
    }

    /** A multipart flag variable: "1" or "0", present whether or not the body was multipart (as in ModSecurity). */
    private static String[] flag(Variable v, boolean raised) {
        return pair(v.name(), raised ? "1" : "0");
    }

    /**
     * {@code XML:<xpath>}: the values the expression selects. Bare {@code XML} gives ModSecurity's placeholder for
     * the document tree. Nothing when the body was not parsed as XML.
     */
    private static void xml(List<String[]> out, XmlDocument doc, Target t) {
        if (doc == null) {
            return;
        }
        if (t.xpath() == null) {
            out.add(pair("XML", XmlDocument.TREE_PLACEHOLDER));
            return;
        }
                for (String value : doc.select(t.xpath())) {
            out.add(new String[] {"XML", t.key(), value});
        }
    }

    private static void files(List<String[]> out, Variable v, MultipartResult mp, Target t,
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
            out.add(keyed(v.name(), part.name(), value));
        }
    }

    private static void partHeaders(List<String[]> out, MultipartResult mp, Target t, List<Target> exclusions) {
        if (mp == null) {
            return;
        }
        for (MultipartPart part : mp.parts()) {
            if (!t.selects(part.name()) || excluded(Variable.MULTIPART_PART_HEADERS, part.name(), exclusions)) {
                continue;
            }
            for (String line : part.headerLines()) {
                out.add(keyed("MULTIPART_PART_HEADERS", part.name(), line));
            }
        }
    }

    private static void keyed(List<String[]> out, String prefix, KeyValues kv, Target t, List<Target> exclusions,
            boolean names) {
        Variable v = t.variable();
        for (int i = 0; i < kv.size(); i++) {
            String key = kv.key(i);
            if (!t.selects(key) || excluded(v, key, exclusions)) {
                continue;
            }
            out.add(keyed(prefix, key, names ? key : kv.value(i)));
        }
    }

    private static void copyMatched(List<String[]> out, String prefix, KeyValues kv, Target t,
            List<Target> exclusions, boolean names) {
        for (int i = 0; i < kv.size(); i++) {
            String key = kv.key(i);
            if (!t.selects(key) || excluded(t.variable(), key, exclusions)) {
                continue;
            }
            out.add(keyed(prefix, key, names ? key : kv.value(i)));
        }
    }

    private static void collection(List<String[]> out, String prefix, Map<String, String[]> c, Target t,
            List<Target> exclusions) {
        if (c == null) {
            return;
        }
        if (t.key() != null) {
            // fast path: direct lookup by key
            String[] e = c.get(TransactionState.lower(t.key()));
            if (e != null && !excluded(t.variable(), e[0], exclusions)) {
                out.add(keyed(prefix, e[0], e[1]));
            }
            return;
        }
        for (String[] e : c.values()) {
            if (t.selects(e[0]) && !excluded(t.variable(), e[0], exclusions)) {
                out.add(keyed(prefix, e[0], e[1]));
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

    /**
     * A candidate value: {@code {variable, key or null, value}}. The display name ({@code ARGS:q}) is only built for
     * values that match ({@link #name}), not for the thousands that do not.
     */
    private static String[] pair(String name, String value) {
        return new String[] {name, null, value};
    }

    private static String[] keyed(String variable, String key, String value) {
        return new String[] {variable, key, value};
    }

    /** The SecLang name of a candidate: {@code ARGS:q}, or {@code REQUEST_URI}. */
    static String name(String[] candidate) {
        return candidate[1] == null ? candidate[0] : candidate[0] + ":" + candidate[1];
    }

    /** The value of a candidate. */
    static String value(String[] candidate) {
        return candidate[2];
    }
}
