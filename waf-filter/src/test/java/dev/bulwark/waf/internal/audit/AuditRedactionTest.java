package dev.bulwark.waf.internal.audit;

import static dev.bulwark.waf.internal.audit.JsonText.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.waf.RuleSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the audit log hides, and what it must not hide. */
class AuditRedactionTest {

    private static final Redaction REDACTION = Redaction.of(List.of(), List.of());
    private static final String M = Redaction.MARK;

    @ParameterizedTest
    @ValueSource(strings = {"password", "Password", "user_password", "newPassword", "passwd", "pwd", "PWD",
        "client_secret", "access_token", "csrfToken", "api_key", "apikey", "X-Api-Key", "api-key", "session",
        "JSESSIONID", "credit_card", "creditcard", "cvv", "cvv2", "ssn", "user_ssn", "userSSN", "auth",
        "auth_code", "authToken", "oauth", "cc", "cc_number", "ccNumber", "billing-cc", "card", "cardNumber",
        "paymentCard", "Authorization"})
    void isSecretNameWhenNameLooksLikeASecretThenTrue(String name) {
        assertTrue(REDACTION.isSecretName(name), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"comment", "q", "username", "email", "accept", "access", "account", "success",
        "classname", "discard", "Cache-Control", "Accept-Language",
        "scc", "occupation", "Content-Type", "Host", "passage", "sess"})
    void isSecretNameWhenOrdinaryNameThenFalse(String name) {
        assertFalse(REDACTION.isSecretName(name), name);
    }

    @Test
    void headerWhenCredentialHeaderThenValueHidden() {
        for (String h : List.of("Authorization", "proxy-authorization", "COOKIE", "Set-Cookie", "X-Auth-Token")) {
            assertEquals(M, REDACTION.header(h, "secret-value"), h);
        }
        String value = "text/html";
        assertSame(value, REDACTION.header("Accept", value));
    }

    @Test
    void extraHeadersAndPatternsWhenConfiguredThenAlsoHidden() {
        Redaction r = Redaction.of(List.of("X-Tenant"), List.of("^pin$", "iban"));
        assertEquals(M, r.header("x-tenant", "acme"));
        assertTrue(r.isSecretName("PIN"));
        assertFalse(r.isSecretName("spinner"));
        assertTrue(r.isSecretName("payer_IBAN"));
        assertFalse(REDACTION.isSecretName("pin"), "not by default");
        assertThrows(IllegalArgumentException.class, () -> Redaction.of(List.of(), List.of("(?=x)")));
    }

    @Test
    void uriWhenSecretQueryArgumentThenValueHidden() {
        assertEquals("/login?user=bob&password=" + M + "&next=%2F",
                REDACTION.uri("/login?user=bob&password=hunter2&next=%2F"));
        assertEquals("/a?pass%77ord=" + M, REDACTION.uri("/a?pass%77ord=x"), "names are compared decoded");
        String plain = "/search?q=select";
        assertSame(plain, REDACTION.uri(plain));
        String noQuery = "/token/abc";
        assertSame(noQuery, REDACTION.uri(noQuery), "path segments are not arguments");
        assertEquals("/a?token=&b=1", REDACTION.uri("/a?token=&b=1"), "nothing to hide in an empty value");
    }

    @Test
    void bodyWhenUrlencodedThenSecretValuesHidden() {
        assertEquals("user=bob&password=" + M + "&remember=1&credit_card=" + M,
                REDACTION.body("user=bob&password=hunter2&remember=1&credit_card=4111111111111111",
                        "application/x-www-form-urlencoded; charset=UTF-8"));
        assertEquals("user=bob&password=" + M, REDACTION.body("user=bob&password=hunt",
                "application/x-www-form-urlencoded"), "a value cut by the cap is hidden up to the cut");
    }

    @Test
    void bodyWhenJsonThenSecretValuesOfAnyTypeHidden() {
        String body = "{\"user\":\"bob\",\"password\" : \"hu\\\"nter2\",\"pin\":1234,\"token\":12.5,"
                + "\"auth\":{\"user\":\"x\",\"pass\":[1,\"}\"]},\"items\":[{\"cvv\":null,\"q\":\"password\"}],"
                + "\"note\":\"token: abc\"}";
        String expected = "{\"user\":\"bob\",\"password\" : \"" + M + "\",\"pin\":1234,\"token\":\"" + M + "\","
                + "\"auth\":\"" + M + "\",\"items\":[{\"cvv\":\"" + M + "\",\"q\":\"password\"}],"
                + "\"note\":\"token: abc\"}";
        assertEquals(expected, REDACTION.body(body, "application/json"));
        assertEquals(expected, REDACTION.body(body, "application/vnd.api+json; charset=utf-8"));
        assertEquals("{\"a\":1,\"secret\":\"" + M + "\"", REDACTION.body("{\"a\":1,\"secret\":\"abc",
                "application/json"), "cut inside the value");
        assertEquals("{\"secret\":\"" + M + "\"", REDACTION.body("{\"secret\":{\"a\":[", "application/json"));
        String ok = "{\"q\":\"x\"}";
        assertSame(ok, REDACTION.body(ok, "application/json"));
    }

    @Test
    void bodyWhenMultipartThenSecretPartsHidden() {
        String body = "--XyZ\r\n"
                + "Content-Disposition: form-data; name=\"user\"\r\n\r\n"
                + "bob\r\n"
                + "--XyZ\r\n"
                + "Content-Disposition: form-data; name=\"password\"\r\n\r\n"
                + "hunter2\r\n"
                + "--XyZ\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"token.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\n"
                + "file content\r\n"
                + "--XyZ--\r\n";
        String expected = body.replace("hunter2", M);
        assertEquals(expected, REDACTION.body(body, "multipart/form-data; boundary=XyZ"));
        assertEquals(expected, REDACTION.body(body, "multipart/form-data; boundary=\"XyZ\""));
        String cut = body.substring(0, body.indexOf("hunter2") + 3);
        assertEquals(cut.replace("hun", M), REDACTION.body(cut, "multipart/form-data; boundary=XyZ"));
    }

    @Test
    void bodyWhenOtherContentTypeThenUnchanged() {
        String xml = "<password>x</password>";
        assertSame(xml, REDACTION.body(xml, "application/xml"));
        assertSame(xml, REDACTION.body(xml, null));
    }

    @Test
    void matchedValueWhenVariableIsSecretThenHidden() {
        assertEquals(M, REDACTION.matchedValue("ARGS:password", "' or 1=1"));
        assertEquals(M, REDACTION.matchedValue("ARGS_POST:user_token", "x"));
        assertEquals(M, REDACTION.matchedValue("REQUEST_HEADERS:Authorization", "Basic Ym9iOnNlY3JldA=="));
        assertEquals(M, REDACTION.matchedValue("REQUEST_HEADERS:Cookie", "sid=1"));
        assertEquals(M, REDACTION.matchedValue("REQUEST_COOKIES:JSESSIONID", "abc"));
        assertEquals(M, REDACTION.matchedValue("RESPONSE_HEADERS:Set-Cookie", "sid=1"));
        assertEquals("password", REDACTION.matchedValue("ARGS_NAMES:password", "password"),
                "a name is not a secret");
        assertEquals("<script>", REDACTION.matchedValue("ARGS:comment", "<script>"));
        assertEquals("user=bob&password=" + M, REDACTION.matchedValue("REQUEST_BODY", "user=bob&password=x"));
        assertEquals("/login?password=" + M, REDACTION.matchedValue("REQUEST_URI", "/login?password=x"));
    }

    @Test
    void logDataWhenVariableIsSecretThenHiddenWhole() {
        assertEquals(M, REDACTION.logData("ARGS:password", "' or 1=1",
                "Matched Data: or 1=1 found within ARGS:password: ' or 1=1"));
        assertEquals("found within REQUEST_BODY: user=bob&password=" + M,
                REDACTION.logData("REQUEST_BODY", "user=bob&password=x", "found within REQUEST_BODY: user=bob&password=x"));
        String data = "Matched Data: <script found within ARGS:comment: <script>";
        assertSame(data, REDACTION.logData("ARGS:comment", "<script>", data));
    }

    @Test
    void disabledWhenUnsafeOptOutThenNothingHidden() {
        assertFalse(Redaction.NONE.isSecretHeader("Authorization"));
        assertEquals("password=x", Redaction.NONE.body("password=x", "application/x-www-form-urlencoded"));
        assertEquals("x", Redaction.NONE.matchedValue("ARGS:password", "x"));
    }

    @Test
    void captureWhenSecretsInRequestThenRecordHoldsNoneOfThem() {
        RuleSet rules = AuditFixtures.rules(
                "SecRule ARGS \"@rx (?i)union\" \"id:1,phase:2,pass,log,msg:'sqli',logdata:'%{MATCHED_VAR}'\"\n"
                        + "SecRule REQUEST_HEADERS:Authorization \"@rx Basic\" \"id:2,phase:1,pass,log\"");
        AuditRecord r = AuditFixtures.exchange()
                .request("POST", "/login?session=s3cr3t-session")
                .header("Authorization", "Basic Ym9iOmh1bnRlcjI=")
                .header("Cookie", "sid=s3cr3t-cookie")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body("user=bob&password=union-hunter2")
                .responseHeader("Set-Cookie", "sid=s3cr3t-new")
                .record(rules, "ABCFHKZ");
        String line = new AuditJson("id", "p", "c", List.of()).format(r);
        for (String secret : List.of("s3cr3t", "Ym9iOmh1bnRlcjI", "hunter2")) {
            assertFalse(line.contains(secret), secret + " leaked: " + line);
        }
        Map<String, Object> t = at(JsonText.object(line), "transaction");
        assertEquals("/login?session=" + M, at(t, "request", "uri"));
        assertEquals(M, at(t, "request", "headers", "Authorization"));
        assertEquals("user=bob&password=" + M, at(t, "request", "body"));
        assertEquals(M, at(t, "response", "headers", "Set-Cookie"));
        List<Object> messages = at(t, "messages");
        assertEquals(2, messages.size());
        assertEquals("REQUEST_HEADERS:Authorization", at(messages, 0, "bulwark", "variable"));
        assertEquals(M, at(messages, 0, "bulwark", "matched"));
        assertEquals("ARGS:password", at(messages, 1, "bulwark", "variable"));
        assertEquals(M, at(messages, 1, "bulwark", "matched"));
        assertEquals(M, at(messages, 1, "details", "data"));
    }
}
