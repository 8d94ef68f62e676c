package dev.bulwark.waf.internal.audit;

import dev.bulwark.waf.EngineMode;
import dev.bulwark.waf.internal.text.Ascii;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Formats an {@link AuditRecord} as one line of JSON in the shape of libmodsecurity's JSON audit log, so that tools
 * reading that log work unchanged, with Bulwark's own fields in separate {@code bulwark} objects (never changing
 * the standard ones). Immutable and thread-safe. Field by field:
 *
 * <pre>
 * {"transaction": {
 *   "client_ip", "time_stamp" (asctime shape, UTC: "Wed Apr  3 22:15:00 2025"), "server_id", "client_port",
 *   "host_ip", "host_port", "unique_id" (the incident id),
 *   "request": {"method", "http_version" (a number: 1.1, 2.0), "uri" (as sent), "body" (C or I), "headers" (B)},
 *   "response": {"body" (E), "http_code", "headers" (F)},
 *   "producer" (H): {"modsecurity": "Bulwark vX", "connector", "secrules_engine" (Enabled|DetectionOnly|Disabled),
 *                    "components"},
 *   "messages" (H or K): [{"message", "details": {"match", "reference", "ruleId", "file", "lineNumber", "data",
 *                    "severity", "ver", "rev", "tags", "maturity", "accuracy"},
 *                    "bulwark" (K): {"variable", "matched", "matched_length", "operator", "phase", "disruptive"}}],
 *   "bulwark": {"time_stamp" (ISO-8601 UTC), "engine_mode", "parts", "verdict": {"outcome", "status", "rule_id",
 *               "location"}, "request_body_length", "response_body_length", "anomaly_score": {...}}}}
 * </pre>
 *
 * As in libmodsecurity, {@code details} values are strings (also {@code ruleId}, {@code lineNumber},
 * {@code severity}); {@code severity} is "" for a rule without one, {@code reference} and {@code rev} are "", and
 * {@code maturity} and {@code accuracy} are "0" (Bulwark's matches do not carry them). Headers are an object: a name
 * sent more than once (ASCII case ignored) appears once, under its first spelling, with its values joined by
 * {@code ", "} in the order received ({@code "; "} for {@code Cookie}), so that no value is lost to readers that keep
 * only one of two equal keys. An {@code http_version} that is not {@code HTTP/<digits>[.<digits>]} is written as a
 * string.
 */
final class AuditJson {

    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC);

    private final String serverId;
    private final String producer;
    private final String connector;
    private final List<String> components;

    /**
     * @param serverId the {@code server_id} (identifies the host writing the log)
     * @param producer the {@code producer.modsecurity} value, e.g. {@code Bulwark v0.1.0}
     * @param connector the {@code producer.connector} value
     * @param components the {@code SecComponentSignature} values
     */
    AuditJson(String serverId, String producer, String connector, List<String> components) {
        this.serverId = serverId;
        this.producer = producer;
        this.connector = connector;
        this.components = List.copyOf(components);
    }

    /** The record as one line of JSON, without the line break. */
    String format(AuditRecord r) {
        StringBuilder out = new StringBuilder(2048);
        JsonWriter j = new JsonWriter(out);
        AuditRecord.Request req = r.request();
        AuditParts parts = r.parts();
        j.beginObject().name("transaction").beginObject();
        j.field("client_ip", req.clientAddress());
        j.field("time_stamp", ASCTIME.format(r.start()));
        j.field("server_id", serverId);
        j.field("client_port", req.clientPort());
        j.field("host_ip", req.serverAddress());
        j.field("host_port", req.serverPort());
        j.field("unique_id", r.id());

        j.name("request").beginObject();
        j.field("method", req.method().isEmpty() ? "-" : req.method());
        j.name("http_version");
        String version = httpVersion(req.protocol());
        if (version != null) {
            j.rawNumber(version);
        } else {
            j.value(req.protocol());
        }
        j.field("uri", req.uri());
        if (req.body() != null) {
            j.field("body", req.body());
        }
        if (parts.requestHeaders()) {
            headers(j, req.headers());
        }
        j.endObject();

        AuditRecord.Response res = r.response();
        j.name("response").beginObject();
        if (res.body() != null) {
            j.field("body", res.body());
        }
        j.field("http_code", res.status());
        if (parts.responseHeaders()) {
            headers(j, res.headers());
        }
        j.endObject();

        if (parts.producer()) {
            j.name("producer").beginObject();
            j.field("modsecurity", producer);
            j.field("connector", connector);
            j.field("secrules_engine", engineState(r.engineMode()));
            j.name("components").beginArray();
            for (String c : components) {
                j.value(c);
            }
            j.endArray().endObject();
        }
        if (parts.messages()) {
            j.name("messages").beginArray();
            for (AuditRecord.Message m : r.messages()) {
                message(j, m, parts.matchDetails());
            }
            j.endArray();
        }
        bulwark(j, r);
        j.endObject().endObject();
        return out.toString();
    }

    private static void message(JsonWriter j, AuditRecord.Message m, boolean details) {
        j.beginObject();
        j.field("message", m.message());
        j.name("details").beginObject();
        j.field("match", matchText(m));
        j.field("reference", "");
        j.field("ruleId", Long.toString(m.ruleId()));
        j.field("file", m.file());
        j.field("lineNumber", Integer.toString(m.line()));
        j.field("data", m.logData());
        j.field("severity", m.severity() < 0 ? "" : Integer.toString(m.severity()));
        j.field("ver", m.ver());
        j.field("rev", "");
        j.name("tags").beginArray();
        for (String t : m.tags()) {
            j.value(t);
        }
        j.endArray();
        j.field("maturity", "0");
        j.field("accuracy", "0");
        j.endObject();
        if (details) {
            j.name("bulwark").beginObject();
            j.field("variable", m.variable());
            j.field("matched", m.matched());
            j.field("matched_length", m.matchedLength());
            j.field("operator", m.operator());
            j.field("phase", m.phase());
            j.field("disruptive", m.disruptive());
            j.endObject();
        }
        j.endObject();
    }

    /**
     * The {@code details.match} sentence, in libmodsecurity's wording so that tools extracting the operator, variable
     * and value from it keep working.
     */
    static String matchText(AuditRecord.Message m) {
        String op = m.operator();
        String name = op;
        String parameter = "";
        int space = op.indexOf(' ');
        if (space >= 0) {
            name = op.substring(0, space);
            parameter = op.substring(space + 1);
        }
        if (name.startsWith("@")) {
            name = name.substring(1);
        }
        if (!name.isEmpty() && name.charAt(0) >= 'a' && name.charAt(0) <= 'z') {
            name = (char) (name.charAt(0) - 32) + name.substring(1);
        }
        return "Matched \"Operator `" + name + "' with parameter `" + parameter + "' against variable `"
                + m.variable() + "' (Value: `" + m.matched() + "' )";
    }

    private static void bulwark(JsonWriter j, AuditRecord r) {
        j.name("bulwark").beginObject();
        j.field("time_stamp", r.start().toString());
        j.field("engine_mode", r.engineMode().secLang());
        j.field("parts", r.parts().toString());
        AuditRecord.Outcome v = r.verdict();
        j.name("verdict").beginObject();
        j.field("outcome", v.outcome().name());
        j.field("status", v.status());
        if (v.ruleId() >= 0) {
            j.field("rule_id", v.ruleId());
        }
        if (v.location() != null) {
            j.field("location", v.location());
        }
        j.endObject();
        if (r.request().body() != null) {
            j.field("request_body_length", r.request().bodyLength());
        }
        if (r.response().body() != null) {
            j.field("response_body_length", r.response().bodyLength());
        }
        if (!r.anomalyScores().isEmpty()) {
            j.name("anomaly_score").beginObject();
            for (Map.Entry<String, String> e : r.anomalyScores().entrySet()) {
                j.name(e.getKey());
                String n = integer(e.getValue());
                if (n != null) {
                    j.rawNumber(n);
                } else {
                    j.value(e.getValue());
                }
            }
            j.endObject();
        }
        j.endObject();
    }

    /** Headers as one object; repeated names merged as the class comment says. */
    private static void headers(JsonWriter j, List<AuditRecord.Header> headers) {
        Map<String, String[]> merged = new LinkedHashMap<>();
        for (AuditRecord.Header h : headers) {
            String key = Ascii.lower(h.name());
            String[] e = merged.get(key);
            if (e == null) {
                merged.put(key, new String[] {h.name(), h.value()});
            } else {
                e[1] = e[1] + (key.equals("cookie") ? "; " : ", ") + h.value();
            }
        }
        j.name("headers").beginObject();
        for (String[] e : merged.values()) {
            j.field(e[0], e[1]);
        }
        j.endObject();
    }

    /** {@code 1.1} for {@code HTTP/1.1}; null when the protocol is not {@code HTTP/<digits>[.<digits>]}. */
    static String httpVersion(String protocol) {
        if (!protocol.startsWith("HTTP/")) {
            return null;
        }
        String v = protocol.substring(5);
        int dot = v.indexOf('.');
        if (!digits(dot < 0 ? v : v.substring(0, dot)) || (dot >= 0 && !digits(v.substring(dot + 1)))) {
            return null;
        }
        // JSON numbers have no leading zeros ("01" is not a number)
        String whole = dot < 0 ? v : v.substring(0, dot);
        if (whole.length() > 1 && whole.charAt(0) == '0') {
            return null;
        }
        return v;
    }

    private static boolean digits(String s) {
        if (s.isEmpty() || s.length() > 9) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** The value when it is a plain integer (a JSON number as it stands), else null. */
    private static String integer(String value) {
        String digits = value.startsWith("-") ? value.substring(1) : value;
        if (!digits(digits) || (digits.length() > 1 && digits.charAt(0) == '0')) {
            return null;
        }
        return value;
    }

    /** libmodsecurity's names for the rule engine states. */
    private static String engineState(EngineMode mode) {
        return switch (mode) {
            case ON -> "Enabled";
            case DETECTION_ONLY -> "DetectionOnly";
            case OFF -> "Disabled";
        };
    }
}
