package dev.bulwark.benchmarks;

import dev.bulwark.waf.RuleSet;
import dev.bulwark.waf.Transaction;
import dev.bulwark.waf.Verdict;
import java.util.Set;

/**
 * Where the cost of the browser GET comes from: the same inspection as {@link RuleSetBenchmark}'s GET, with parts of
 * the request left out (the query string, the Cookie header, every header but Host), and, with {@code pollute=KB},
 * with that much memory written between inspections (one write per cache line, a different region each time), as
 * other work on the same core would do to the caches. Prints µs per inspection per variant, round after round.
 *
 * <pre>
 * CRS_DIR=../shared/crs java -cp benchmarks/target/benchmarks.jar dev.bulwark.benchmarks.RequestParts \
 *     [rules=crs-pl1] [rounds=8] [calls=4000] [pollute=0]
 * </pre>
 */
public final class RequestParts {

    private RequestParts() {}

    /** A variant of the GET: its request target and the headers it leaves out. */
    private record Variant(String name, String target, Set<String> withoutHeaders) {}

    public static void main(String[] args) throws Exception {
        RuleSet rules = RuleSets.load(Args.option(args, "rules", "crs-pl1"));
        int rounds = Integer.parseInt(Args.option(args, "rounds", "8"));
        int calls = Integer.parseInt(Args.option(args, "calls", "4000"));
        int polluteKb = Integer.parseInt(Args.option(args, "pollute", "0"));

        String target = Requests.GET.target;
        String path = target.substring(0, target.indexOf('?'));
        Set<String> allButHost = new java.util.HashSet<>();
        for (String[] h : Requests.BROWSER_HEADERS) {
            if (!h[0].equals("Host")) {
                allButHost.add(h[0]);
            }
        }
        Variant[] variants = {
            new Variant("whole GET", target, Set.of()),
            new Variant("no query", path, Set.of()),
            new Variant("no Cookie", target, Set.of("Cookie")),
            new Variant("Host only", target, allButHost),
            new Variant("GET / with Host only", "/", allButHost),
        };
        CachePolluter polluter = new CachePolluter(polluteKb);
        for (int round = 1; round <= rounds; round++) {
            StringBuilder line = new StringBuilder("round " + round + ":");
            for (Variant v : variants) {
                long nanos = 0;
                for (int i = 0; i < calls; i++) {
                    polluter.pollute();
                    long start = System.nanoTime();
                    inspect(rules, v);
                    nanos += System.nanoTime() - start;
                }
                line.append(String.format("  %s %.1f", v.name, nanos / 1000.0 / calls));
            }
            System.out.println(line + "  (µs per inspection)");
        }
    }

    private static void inspect(RuleSet rules, Variant v) {
        try (Transaction tx = rules.newTransaction()) {
            tx.connection("203.0.113.7", 51234, "10.0.0.1", 8080);
            tx.requestLine("GET", v.target, "HTTP/1.1");
            for (String[] h : Requests.BROWSER_HEADERS) {
                if (!v.withoutHeaders.contains(h[0])) {
                    tx.requestHeader(h[0], h[1]);
                }
            }
            tx.processRequestHeaders();
            tx.processRequestBody();
            tx.processLogging();
            Verdict verdict = tx.verdict();
            if (verdict.isInterrupted()) {
                throw new IllegalStateException(v.name + " was blocked: " + verdict);
            }
        }
    }
}
