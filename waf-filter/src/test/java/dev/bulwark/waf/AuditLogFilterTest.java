package dev.bulwark.waf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.waf.testsupport.WafServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filter records relevant transactions in the audit log named by its init-params, under the incident id. */
class AuditLogFilterTest {

    private static final String RULES = """
            SecRuleEngine On
            SecRule ARGS "@rx (?i)union\\s+select" "id:1001,phase:2,deny,status:403,log,msg:'SQL injection'"
            """;

    @Test
    void blockedRequestIsRecordedWithItsIncidentIdAndBenignOneIsNot(@TempDir Path dir) throws Exception {
        Path rules = dir.resolve("rules.conf");
        Files.writeString(rules, RULES);
        Path audit = dir.resolve("audit.log");
        HttpClient client = HttpClient.newHttpClient();
        WafFilter filter = new WafFilter();
        String incident;
        try (WafServer s = new WafServer(filter, Map.of("rules", rules.toString(), "auditLog", audit.toString()))) {
            HttpResponse<String> blocked = client.send(HttpRequest.newBuilder(s.uri("/?q=1%20UNION%20SELECT%202"))
                    .header("Authorization", "Bearer secret-token").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, blocked.statusCode());
            incident = blocked.headers().firstValue("X-Bulwark-Incident").orElseThrow();
            HttpResponse<String> benign = client.send(HttpRequest.newBuilder(s.uri("/?q=shoes")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, benign.statusCode());
            // the record is written after the block page went out, by the log's own thread: let it land
            for (int i = 0; i < 100 && !(Files.exists(audit) && Files.readString(audit).contains(incident)); i++) {
                Thread.sleep(50);
            }
        } // stopping the server destroys the filter, which drains the audit log
        List<String> lines = Files.readAllLines(audit, StandardCharsets.UTF_8);
        assertEquals(1, lines.size(), lines.toString());
        String line = lines.get(0);
        assertTrue(line.contains("\"unique_id\":\"" + incident + "\""), line);
        assertTrue(line.contains("\"ruleId\":\"1001\""), line);
        assertTrue(line.contains("\"http_code\":403"), line);
        assertTrue(line.contains("ARGS:q"), line);
        assertFalse(line.contains("secret-token"), "the Authorization header must be redacted: " + line);
    }
}
