package dev.bulwark.waf.cli;

import dev.bulwark.waf.EngineMode;
import dev.bulwark.waf.RuleLoadException;
import dev.bulwark.waf.RuleSet;
import dev.bulwark.waf.RuleSource;
import dev.bulwark.waf.Transaction;
import dev.bulwark.waf.WafConfig;
import java.util.List;

/** Loads the rule sets the commands replay requests through, and reads what they configure. */
final class Rules {

    private Rules() {}

    /**
     * Compiles {@code sources} (in {@link RuleSource#parse} notation, in order), then {@code extra} when not null
     * (named {@code extraOrigin} in errors), with the engine forced On: a replay answers "would this be blocked",
     * even for rules that run DetectionOnly in production.
     */
    static RuleSet load(List<String> sources, String extra, String extraOrigin) throws RuleLoadException {
        WafConfig.Builder config = WafConfig.builder().engineMode(EngineMode.ON);
        for (String s : sources) {
            config.rules(RuleSource.parse(s));
        }
        if (extra != null) {
            config.rules(RuleSource.text(extra, extraOrigin));
        }
        return RuleSet.compile(config.build());
    }

    /**
     * The inbound anomaly threshold the rules set for every request ({@code tx.inbound_anomaly_score_threshold},
     * which CRS sets in phase 1), read by running a plain {@code GET /} through phases 1 and 2; null when the rules
     * set none (Bulwark's own rules compare with a number instead).
     */
    static Long inboundThreshold(RuleSet rules) {
        try (Transaction tx = rules.newTransaction()) {
            tx.connection("127.0.0.1", 40000, "127.0.0.1", 80);
            tx.requestLine("GET", "/", "HTTP/1.1");
            tx.requestHeader("Host", "localhost");
            tx.requestHeader("User-Agent", "bulwark-cli");
            tx.requestHeader("Accept", "*/*");
            tx.processRequestHeaders();
            tx.processRequestBody();
            return AuditEntry.wholeNumber(tx.anomalyScores().get("inbound_anomaly_score_threshold"));
        }
    }
}
