package dev.bulwark.waf.cli;

import dev.bulwark.waf.internal.text.Ascii;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One transaction read back from an audit log line (the format of {@code src/site/markdown/audit-log.md}): what the
 * explanation and tuning need, nothing else. Text values are byte strings. Immutable.
 *
 * @param source where the line was read, {@code file:line}, for messages
 * @param id the incident id ({@code unique_id})
 * @param timeStamp Bulwark's ISO-8601 time stamp, else the standard one, else ""
 * @param clientIp the client address
 * @param method the request method
 * @param uri the request target as sent
 * @param httpVersion the version as written ({@code 1.1}, {@code 2}), "" when missing
 * @param requestHeaders the request headers (part B) in order, or null when the line has none
 * @param requestBody the request body excerpt (part C), or null when not logged
 * @param requestBodyLength the body's whole length when logged, else -1
 * @param parts the parts written ({@code bulwark.parts}), "" when not recorded
 * @param engineMode {@code On}, {@code DetectionOnly}, {@code Off}, or "" when not recorded
 * @param outcome {@code PASS}, {@code DENY}, {@code DROP}, {@code REDIRECT}, or "" when not recorded
 * @param status the status of the verdict, else the response's {@code http_code}
 * @param interruptingRuleId the rule that interrupted the transaction, or -1
 * @param anomalyScores {@code bulwark.anomaly_score}, lower-case name to value text
 * @param messages the rule matches, in order
 */
record AuditEntry(
        String source,
        String id,
        String timeStamp,
        String clientIp,
        int clientPort,
        String hostIp,
        int hostPort,
        String method,
        String uri,
        String httpVersion,
        List<Header> requestHeaders,
        String requestBody,
        long requestBodyLength,
        String parts,
        String engineMode,
        String outcome,
        int status,
        long interruptingRuleId,
        Map<String, String> anomalyScores,
        List<AuditMessage> messages) {

    /** One request header. */
    record Header(String name, String value) {}

    AuditEntry {
        requestHeaders = requestHeaders == null ? null : List.copyOf(requestHeaders);
        anomalyScores = Collections.unmodifiableMap(new LinkedHashMap<>(anomalyScores));
        messages = List.copyOf(messages);
    }

    /** The request line as it was sent: {@code POST /comment?x=1 HTTP/1.1}. */
    String requestLine() {
        return method + " " + uri + (httpVersion.isEmpty() ? "" : " " + protocol());
    }

    /** {@code HTTP/1.1} from the logged version (a number in the log, or the protocol text when it was not one). */
    String protocol() {
        if (httpVersion.isEmpty()) {
            return "HTTP/1.1";
        }
        char c = httpVersion.charAt(0);
        return c >= '0' && c <= '9' ? "HTTP/" + httpVersion : httpVersion;
    }

    /** Whether the request was stopped: denied, dropped or redirected. */
    boolean blocked() {
        return !outcome.isEmpty() && !outcome.equals("PASS");
    }

    /** The first value of header {@code name} (ASCII case ignored), or null. */
    String header(String name) {
        if (requestHeaders == null) {
            return null;
        }
        for (Header h : requestHeaders) {
            if (h.name().equalsIgnoreCase(name)) {
                return h.value();
            }
        }
        return null;
    }

    /** The anomaly score variable {@code name} (lower case) as a whole number, or null. */
    Long anomalyScore(String name) {
        return wholeNumber(anomalyScores.get(name));
    }

    /** {@code text} as a whole number, or null when it is not one. */
    static Long wholeNumber(String text) {
        if (text == null) {
            return null;
        }
        try {
            return new BigDecimal(text.trim()).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    /**
     * Reads one parsed line. Fields the line lacks get their "unknown" value; only the shape that makes it an audit
     * record at all is required ({@code transaction} with a {@code unique_id}).
     *
     * @throws IllegalArgumentException when the line is not an audit record; the message says why
     */
    static AuditEntry from(Map<String, Object> line, String source) {
        Map<String, Object> tx = map(line, "transaction");
        if (tx == null) {
            throw new IllegalArgumentException("no \"transaction\" object");
        }
        String id = string(tx, "unique_id");
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("no \"unique_id\"");
        }
        Map<String, Object> request = orEmpty(map(tx, "request"));
        Map<String, Object> response = orEmpty(map(tx, "response"));
        Map<String, Object> bulwark = orEmpty(map(tx, "bulwark"));
        Map<String, Object> verdict = orEmpty(map(bulwark, "verdict"));

        List<Header> headers = null;
        Map<String, Object> h = map(request, "headers");
        if (h != null) {
            headers = new ArrayList<>(h.size());
            for (Map.Entry<String, Object> e : h.entrySet()) {
                headers.add(new Header(e.getKey(), text(e.getValue())));
            }
        }
        Map<String, String> scores = new LinkedHashMap<>();
        Map<String, Object> a = map(bulwark, "anomaly_score");
        if (a != null) {
            for (Map.Entry<String, Object> e : a.entrySet()) {
                scores.put(Ascii.lower(e.getKey()), text(e.getValue()));
            }
        }
        List<AuditMessage> messages = new ArrayList<>();
        Object m = tx.get("messages");
        if (m instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?>) {
                    messages.add(message(cast(o)));
                }
            }
        }
        String stamp = string(bulwark, "time_stamp");
        if (stamp == null) {
            stamp = orEmpty(string(tx, "time_stamp"));
        }
        int status = (int) number(verdict, "status", 0);
        if (status == 0) {
            status = (int) number(response, "http_code", 0);
        }
        return new AuditEntry(source, id, stamp, orEmpty(string(tx, "client_ip")),
                (int) number(tx, "client_port", 0), orEmpty(string(tx, "host_ip")), (int) number(tx, "host_port", 0),
                orEmpty(string(request, "method")), orEmpty(string(request, "uri")), text(request.get("http_version")),
                headers, string(request, "body"), number(bulwark, "request_body_length", -1),
                orEmpty(string(bulwark, "parts")), orEmpty(string(bulwark, "engine_mode")),
                orEmpty(string(verdict, "outcome")), status, number(verdict, "rule_id", -1), scores, messages);
    }

    private static AuditMessage message(Map<String, Object> m) {
        Map<String, Object> details = orEmpty(map(m, "details"));
        Map<String, Object> k = map(m, "bulwark");
        long ruleId = number(details, "ruleId", -1);
        List<String> tags = new ArrayList<>();
        if (details.get("tags") instanceof List<?> list) {
            for (Object t : list) {
                if (t instanceof String s) {
                    tags.add(s);
                }
            }
        }
        String variable;
        String matched;
        long matchedLength;
        String operator;
        int phase;
        boolean disruptive;
        if (k != null) {
            variable = orEmpty(string(k, "variable"));
            matched = orEmpty(string(k, "matched"));
            matchedLength = number(k, "matched_length", -1);
            operator = orEmpty(string(k, "operator"));
            phase = (int) number(k, "phase", -1);
            disruptive = Boolean.TRUE.equals(k.get("disruptive"));
        } else {
            // without part K, what libmodsecurity's sentence says is all there is
            MatchSentence s = MatchSentence.parse(orEmpty(string(details, "match")));
            variable = s.variable();
            matched = s.value();
            matchedLength = -1;
            operator = s.operator();
            phase = -1;
            disruptive = false;
        }
        return new AuditMessage(ruleId, orEmpty(string(details, "file")), (int) number(details, "lineNumber", 0),
                phase, orEmpty(string(m, "message")), orEmpty(string(details, "data")),
                (int) number(details, "severity", -1), tags, variable, matched, matchedLength, operator, disruptive);
    }

    /**
     * libmodsecurity's {@code details.match} sentence taken apart: {@code Matched "Operator `Rx' with parameter
     * `select' against variable `ARGS:q' (Value: `select 1' )}.
     */
    record MatchSentence(String operator, String variable, String value) {

        private static final String OPERATOR = "Operator `";
        private static final String PARAMETER = "' with parameter `";
        private static final String VARIABLE = "' against variable `";
        private static final String VALUE = "' (Value: `";

        static MatchSentence parse(String s) {
            int op = s.indexOf(OPERATOR);
            int param = s.indexOf(PARAMETER);
            int var = s.indexOf(VARIABLE, Math.max(param, 0));
            int val = var < 0 ? -1 : s.indexOf(VALUE, var);
            if (op < 0 || param < op || var < 0 || val < 0) {
                return new MatchSentence("", "", "");
            }
            String name = s.substring(op + OPERATOR.length(), param);
            if (!name.isEmpty() && name.charAt(0) >= 'A' && name.charAt(0) <= 'Z') {
                name = (char) (name.charAt(0) + 32) + name.substring(1);
            }
            String parameter = s.substring(param + PARAMETER.length(), var);
            String value = s.substring(val + VALUE.length());
            if (value.endsWith("' )")) {
                value = value.substring(0, value.length() - 3);
            }
            return new MatchSentence(("@" + name + " " + parameter).trim(),
                    s.substring(var + VARIABLE.length(), val), value);
        }
    }

    // ---- lenient field access: a field of the wrong type counts as missing ----

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }

    private static Map<String, Object> map(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v instanceof Map<?, ?> ? cast(v) : null;
    }

    private static Map<String, Object> orEmpty(Map<String, Object> m) {
        return m == null ? Map.of() : m;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String string(Map<String, Object> m, String key) {
        return m.get(key) instanceof String s ? s : null;
    }

    /** A number or numeric string as a long; {@code otherwise} when missing or not a whole number. */
    private static long number(Map<String, Object> m, String key, long otherwise) {
        Object v = m.get(key);
        Long n = null;
        if (v instanceof BigDecimal d) {
            try {
                n = d.longValueExact();
            } catch (ArithmeticException e) {
                n = null;
            }
        } else if (v instanceof String s) {
            n = wholeNumber(s);
        }
        return n == null ? otherwise : n;
    }

    /** Strings as they are, numbers as written, anything else as "". */
    private static String text(Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return v == null ? "" : String.valueOf(v);
    }
}
