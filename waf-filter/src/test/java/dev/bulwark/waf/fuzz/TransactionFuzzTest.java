package dev.bulwark.waf.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bulwark.waf.RuleLoadException;
import dev.bulwark.waf.RuleMatch;
import dev.bulwark.waf.RuleSet;
import dev.bulwark.waf.Transaction;
import dev.bulwark.waf.Verdict;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * A whole transaction on a fixed rule set (compiled once) with a fuzzed request: request line, headers and body, run
 * through every phase the way the servlet filter does (stop at an interruption, always run the logging phase; the
 * response is a fixed 200 whose body reflects the request body). Only well-formed verdicts may come out, never an
 * exception; every match reports byte strings.
 *
 * <p>Input format (so that seeds can be written by hand): an HTTP/1.1 request as sent. The first line is the request
 * line (method, target and protocol separated by the first two spaces); header lines follow up to an empty line
 * ({@code Name: value}; a line without a colon is a header with an empty value); the rest is the body. Lines end with
 * LF, a CR before it is dropped. The rules pick the body processor from Content-Type as CRS does: urlencoded and
 * multipart by default, JSON and XML through {@code ctl:requestBodyProcessor}.
 */
// Per input. In regression mode JUnit applies it, in a separate thread so that even a busy loop is cut short; in
// fuzzing mode Jazzer hands it to libFuzzer as -timeout.
@Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TransactionFuzzTest {

    private static final String RULES = """
            SecRuleEngine On
            SecRequestBodyAccess On
            SecResponseBodyAccess On
            SecResponseBodyMimeType text/plain text/html
            SecRule REQUEST_HEADERS:Content-Type "@rx (?i)^(?:application(?:/soap\\+|/)|text/)xml" \\
                "id:200000,phase:1,t:none,t:lowercase,pass,nolog,ctl:requestBodyProcessor=XML"
            SecRule REQUEST_HEADERS:Content-Type "@rx (?i)^application/json" \\
                "id:200001,phase:1,t:none,t:lowercase,pass,nolog,ctl:requestBodyProcessor=JSON"
            SecRule REQBODY_ERROR "!@eq 0" \\
                "id:200002,phase:2,t:none,log,deny,status:400,msg:'Failed to parse request body: %{REQBODY_ERROR_MSG}'"
            SecRule MULTIPART_STRICT_ERROR "!@eq 0" "id:200003,phase:2,t:none,log,pass,\\
                msg:'Multipart strict: DA %{MULTIPART_DATA_AFTER} HF %{MULTIPART_HEADER_FOLDING} \\
                LF %{MULTIPART_LF_LINE} UB %{MULTIPART_UNMATCHED_BOUNDARY} IP %{MULTIPART_INVALID_PART}'"
            SecAction "id:900000,phase:1,nolog,pass,setvar:tx.score=0,setvar:'tx.seen_%{REQUEST_METHOD}=1',\
                setvar:'tx.allowed_names=id n num user pass q name tags'"
            SecRule REQUEST_METHOD "!@within GET HEAD POST PUT OPTIONS" "id:911100,phase:1,block,log,\\
                msg:'Method is not allowed by policy',setvar:tx.score=+5"
            SecRule REQUEST_PROTOCOL "!@pm HTTP/1.0 HTTP/1.1 HTTP/2 HTTP/2.0" "id:920430,phase:1,pass,log,\\
                setvar:tx.score=+3"
            SecRule REQUEST_LINE "!@rx (?i)^[a-z]+ [^ ]+ http/[0-9.]+$" "id:920100,phase:1,pass,log,setvar:tx.score=+2"
            SecRule REQUEST_URI|REQUEST_FILENAME|QUERY_STRING "@validateUrlEncoding" "id:920220,phase:1,pass,log,\\
                t:none,setvar:tx.score=+2"
            SecRule ARGS|ARGS_NAMES|REQUEST_COOKIES|REQUEST_COOKIES_NAMES|XML:/* "@detectSQLi" "id:942100,phase:2,\\
                block,capture,log,t:none,t:utf8toUnicode,t:urlDecodeUni,t:removeNulls,\\
                logdata:'Matched Data: %{TX.0} found within %{MATCHED_VAR_NAME}: %{MATCHED_VAR}',setvar:tx.score=+5"
            SecRule ARGS|ARGS_NAMES|REQUEST_HEADERS:User-Agent|REQUEST_HEADERS:Referer|XML:/* "@detectXSS" \\
                "id:941100,phase:2,block,log,t:none,t:utf8toUnicode,t:urlDecodeUni,t:htmlEntityDecode,t:jsDecode,\\
                t:cssDecode,t:removeNulls,setvar:tx.score=+5"
            SecRule ARGS|FILES_NAMES|FILES|REQUEST_HEADERS|XML://@* "@rx (?i)(?:\\.\\./|%2e%2e|/etc/passwd|<script)" \\
                "id:930100,phase:2,block,capture,log,t:none,t:urlDecodeUni,t:normalizePathWin,t:lowercase,\\
                msg:'Traversal or script: %{TX.0}',setvar:tx.score=+5"
            SecRule ARGS "@pm select union insert drop exec" "id:942000,phase:2,pass,log,t:none,t:lowercase,\\
                t:replaceComments,t:compressWhitespace,t:cmdLine,setvar:'tx.hit_%{MATCHED_VAR_NAME}=%{MATCHED_VAR}'"
            SecRule ARGS:/^(?:id|n|num)$/ "!@rx ^[0-9]{1,9}$" "id:100001,phase:2,pass,log,t:trim"
            SecRule &ARGS "@gt 50" "id:100002,phase:2,pass,log,setvar:tx.score=+1"
            SecRule FILES_SIZES "@gt 1000" "id:100003,phase:2,pass,log"
            SecRule FILES_COMBINED_SIZE "@gt 2000" "id:100004,phase:2,pass,log"
            SecRule REQUEST_BODY "@rx (?s)<!ENTITY" "id:100005,phase:2,pass,log,t:none,t:base64DecodeExt,\\
                t:hexDecode,t:sqlHexDecode,t:escapeSeqDecode"
            SecRule REQUEST_HEADERS_NAMES "@rx ^x-" "id:100006,phase:1,chain,pass,log,t:lowercase"
                SecRule MATCHED_VAR "@contains admin" "t:lowercase,setvar:tx.score=+10"
            SecRule REQUEST_HEADERS:X-Forwarded-For "@ipMatch 10.0.0.0/8,192.168.0.0/16,::1" "id:100007,phase:1,\\
                pass,log,setenv:internal=%{REQUEST_HEADERS.X-Forwarded-For}"
            SecRule REQUEST_URI "@beginsWith /redirect" "id:100008,phase:1,redirect:'https://example.com/?from=%{REQUEST_URI}'"
            SecRule REQUEST_URI "@beginsWith /drop" "id:100009,phase:1,drop"
            SecRule REQUEST_URI "@beginsWith /off" "id:100010,phase:1,pass,nolog,ctl:ruleEngine=DetectionOnly"
            SecRule ARGS "@gt 1000" "id:100011,phase:2,pass,log,setvar:'tx.big=%{MATCHED_VAR}'"
            SecRule ARGS:n|ARGS:num "@rx ." "id:100012,phase:2,pass,log,setvar:tx.total=+%{MATCHED_VAR},\
                setvar:tx.total=-%{ARGS.id}"
            SecRule TX:TOTAL "@lt -1000" "id:100013,phase:2,pass,log,msg:'total %{tx.total}'"
            SecRule ARGS|REQUEST_URI|REQUEST_HEADERS "@validateUtf8Encoding" "id:100014,phase:2,pass,log"
            SecRule ARGS "@validateByteRange 9,10,13,32-126" "id:100015,phase:2,pass,log"
            SecRule ARGS "@verifyCC (?:\\d[ -]*?){13,16}" "id:100016,phase:2,pass,log"
            SecRule ARGS "@rx ^([a-z]+)=([0-9]+)$" "id:100017,phase:2,pass,log,capture,\
                setvar:'tx.cap_%{TX.1}=%{TX.2}',setvar:tx.num=+%{TX.2}"
            SecRule TX:/^(?:cap|hit)_/ "@rx ." "id:100018,phase:2,pass,log,msg:'%{MATCHED_VAR_NAME}'"
            SecRule ARGS "@containsWord select" "id:100019,phase:2,pass,log,multiMatch,t:none,t:base64Decode,\
                t:sqlHexDecode,t:hexDecode,t:jsDecode,t:cssDecode,t:escapeSeqDecode,t:normalizePath,t:cmdLine,\
                t:removeCommentsChar,t:removeWhitespace,t:lowercase"
            SecRule ARGS_NAMES "@within %{tx.allowed_names}" "id:100020,phase:2,pass,log,t:phpArgsNames"
            SecRule ARGS_NAMES "!@streq %{REQUEST_METHOD}" "id:100021,phase:2,pass,nolog,t:urlDecode,t:trim"
            SecRule REQUEST_HEADERS:Content-Length "!@rx ^[0-9]+$" "id:100022,phase:1,pass,log"
            SecRule &REQUEST_HEADERS:Host "@eq 0" "id:100023,phase:1,pass,log"
            SecRule REQUEST_COOKIES:/^sess/ "@rx ^[a-f0-9]{64}$" "id:100024,phase:1,pass,log"
            SecRule MULTIPART_PART_HEADERS "@rx (?i)^content-type\s*:\s*text/x-php" "id:100025,phase:2,pass,log"
            SecRule REQBODY_PROCESSOR "@streq JSON" "id:100026,phase:2,pass,nolog,chain"
                SecRule ARGS_POST_NAMES "@rx \\." "chain"
                    SecRule MATCHED_VARS "@pm admin root" "setvar:tx.score=+1"
            SecRule TX:SCORE "@ge 10" "id:949110,phase:2,deny,status:403,log,\\
                msg:'Inbound Anomaly Score Exceeded (Total Score: %{TX.SCORE})'"
            SecRule RESPONSE_BODY "@rx (?i)root:x:0:0|<script" "id:950100,phase:4,deny,status:502,log,capture,\\
                logdata:'%{TX.0}'"
            SecAction "id:980100,phase:5,pass,log,msg:'Score %{TX.SCORE}, %{MATCHED_VARS_NAMES}'"
            """;

    private static final RuleSet RULE_SET = compile();

    private static RuleSet compile() {
        try {
            return RuleSet.fromText(RULES);
        } catch (RuleLoadException e) {
            throw new IllegalStateException(e);
        }
    }

    @DictionaryFile(resourcePath = "http.dict")
    @FuzzTest(maxDuration = "10s")
    void request(byte[] input) {
        Request request = Request.parse(input);
        try (Transaction tx = RULE_SET.newTransaction()) {
            tx.connection("203.0.113.7", 51234, "10.0.0.1", 8080);
            tx.requestLine(request.method, request.target, request.protocol);
            for (int i = 0; i < request.headers.length; i += 2) {
                tx.requestHeader(request.headers[i], request.headers[i + 1]);
            }
            Verdict verdict = check(tx.processRequestHeaders());
            if (!verdict.isInterrupted()) {
                tx.requestBody(request.body);
                verdict = check(tx.processRequestBody());
            }
            if (!verdict.isInterrupted()) {
                tx.responseStatus(200, "HTTP/1.1");
                tx.responseHeader("Content-Type", "text/html");
                verdict = check(tx.processResponseHeaders());
                if (!verdict.isInterrupted() && tx.inspectsResponseBody()) {
                    tx.responseBody(request.body);
                    check(tx.processResponseBody());
                }
            }
            check(tx.processLogging());
            if (tx.engineMode() == null) {
                throw new AssertionError("no engine mode");
            }
            for (Map.Entry<String, String> e : tx.environment().entrySet()) {
                ByteStringCheck.checkNonNull("environment name", e.getKey());
                ByteStringCheck.checkNonNull("environment value", e.getValue());
            }
        }
    }

    private static Verdict check(Verdict verdict) {
        switch (verdict.outcome()) {
            case PASS -> {
                if (verdict.status() != 0 || verdict.cause() != null || verdict.location() != null) {
                    throw new AssertionError("PASS with status, cause or location: " + verdict);
                }
            }
            case DENY, DROP -> {
                if (verdict.status() < 100 || verdict.status() > 599 || verdict.cause() == null) {
                    throw new AssertionError("interruption without a status or cause: " + verdict);
                }
            }
            case REDIRECT -> {
                if (verdict.status() != 302 || verdict.cause() == null || verdict.location() == null) {
                    throw new AssertionError("redirect without 302, cause or location: " + verdict);
                }
                ByteStringCheck.check("redirect location", verdict.location());
            }
        }
        for (RuleMatch m : verdict.matches()) {
            String where = "rule " + m.ruleId() + " ";
            ByteStringCheck.checkNonNull(where + "variable", m.variable());
            ByteStringCheck.checkNonNull(where + "matched value", m.matchedValue());
            ByteStringCheck.checkNonNull(where + "message", m.message());
            ByteStringCheck.checkNonNull(where + "logdata", m.logData());
        }
        return verdict;
    }

    /** The fuzzed request, cut as the class comment describes. */
    private record Request(String method, String target, String protocol, String[] headers, byte[] body) {

        static Request parse(byte[] input) {
            int pos = 0;
            int eol = lineEnd(input, pos);
            String line = line(input, pos, eol);
            pos = eol + 1;
            int firstSpace = line.indexOf(' ');
            int secondSpace = firstSpace < 0 ? -1 : line.indexOf(' ', firstSpace + 1);
            String method = firstSpace < 0 ? line : line.substring(0, firstSpace);
            String target = firstSpace < 0 ? "" : secondSpace < 0 ? line.substring(firstSpace + 1)
                    : line.substring(firstSpace + 1, secondSpace);
            String protocol = secondSpace < 0 ? "" : line.substring(secondSpace + 1);

            String[] headers = new String[0];
            while (pos < input.length) {
                eol = lineEnd(input, pos);
                String header = line(input, pos, eol);
                pos = eol + 1;
                if (header.isEmpty()) {
                    break;
                }
                int colon = header.indexOf(':');
                headers = Arrays.copyOf(headers, headers.length + 2);
                headers[headers.length - 2] = colon < 0 ? header : header.substring(0, colon);
                headers[headers.length - 1] = colon < 0 ? "" : skipBlanks(header, colon + 1);
            }
            byte[] body = pos >= input.length ? new byte[0] : Arrays.copyOfRange(input, pos, input.length);
            return new Request(method, target, protocol, headers, body);
        }

        private static String skipBlanks(String s, int from) {
            int i = from;
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
            return s.substring(i);
        }

        private static int lineEnd(byte[] input, int from) {
            for (int i = from; i < input.length; i++) {
                if (input[i] == '\n') {
                    return i;
                }
            }
            return input.length;
        }

        private static String line(byte[] input, int from, int eol) {
            int end = eol > from && input[eol - 1] == '\r' ? eol - 1 : eol;
            return ByteStringCheck.of(Arrays.copyOfRange(input, from, Math.max(from, end)));
        }
    }
}
