package dev.bulwark.benchmarks;

import dev.bulwark.waf.internal.regex.LiteralScanner;
import dev.bulwark.waf.internal.regex.Regex;
import dev.bulwark.waf.internal.regex.RegexSyntaxException;
import dev.bulwark.waf.internal.regex.SignatureFilter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the signature prefilter alone costs for the browser GET, without the engine around it: the signatures of the
 * GET's 23 values (cookie, argument and header names and values as sent, no transformation), their union, and the
 * filters of CRS's paranoia-level-1 {@code @rx} patterns tested against a union of {@code k} of the values
 * ({@code test=union}) or against every value's own signature ({@code test=values}); {@code test=none} is the
 * signatures alone. {@code test=literals} scans each value once for all patterns' required literals
 * ({@code LiteralScanner}) and tests the filters of the candidates only (signatures made only for values with
 * some). It bounds from below what an engine built on these signatures can cost per GET, and shows how a test's
 * cost grows with the union's density (dense unions pass the cheap gate and walk the formula). With
 * {@code pollute=KB}, that much memory is written between iterations (outside the timing).
 *
 * <pre>
 * CRS_DIR=../shared/crs java -cp benchmarks/target/benchmarks.jar dev.bulwark.benchmarks.PrefilterFloor \
 *     [test=none|union|values|literals] [k=23] [pollute=0] [rounds=10] [calls=3000]
 * </pre>
 */
public final class PrefilterFloor {

    private PrefilterFloor() {}

    /** The GET's values as {@link Requests#GET} sends them: cookies, arguments, User-Agent, Referer, the path. */
    private static final String[] VALUES = {
        "session", "9f86d081884c7d659a2feaa0c55ad015", "cart", "3-items", "theme", "dark", "consent", "analytics=no",
        "_ga", "GA1.2.1234567890.1700000000", "last_seen", "2024-06-01T10:15:00Z", "colour", "blue", "size", "42",
        "sort", "price-asc", "q", "running shoes O'Neill",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 "
                + "Safari/537.36",
        "https://shop.example.com/catalogue/shoes?colour=blue&size=42&sort=price-asc", "/catalogue/shoes"};

    public static void main(String[] args) throws Exception {
        String test = Args.option(args, "test", "union");
        int k = Math.min(VALUES.length, Integer.parseInt(Args.option(args, "k", String.valueOf(VALUES.length))));
        int polluteKb = Integer.parseInt(Args.option(args, "pollute", "0"));
        int rounds = Integer.parseInt(Args.option(args, "rounds", "10"));
        int calls = Integer.parseInt(Args.option(args, "calls", "3000"));
        if (!List.of("none", "union", "values", "literals").contains(test)) {
            throw new IllegalArgumentException("test=none|union|values|literals, not " + test);
        }
        List<String> patterns = new ArrayList<>();
        List<SignatureFilter> filters = paranoiaLevelOneFilters(RuleSets.crsDir(), patterns);
        LiteralScanner scanner = LiteralScanner.forPatterns(patterns);
        long[] candidates = new long[(patterns.size() + 63) / 64];
        System.out.printf("%d filters of CRS PL1 @rx patterns, %d values, test=%s, k=%d, pollute=%d KB%n",
                filters.size(), VALUES.length, test, k, polluteKb);
        CachePolluter polluter = new CachePolluter(polluteKb);
        for (int round = 1; round <= rounds; round++) {
            long nanos = 0;
            long passes = 0;
            for (int i = 0; i < calls; i++) {
                polluter.pollute();
                long start = System.nanoTime();
                if (test.equals("literals")) {
                    for (String value : VALUES) {
                        java.util.Arrays.fill(candidates, 0);
                        scanner.candidates(value, candidates);
                        long[] sig = null;
                        for (int w = 0; w < candidates.length; w++) {
                            for (long bits = candidates[w]; bits != 0; bits &= bits - 1) {
                                sig = sig == null ? Regex.signature(value) : sig;
                                passes += filters.get(w * 64 + Long.numberOfTrailingZeros(bits)).mayMatch(sig) ? 1 : 0;
                            }
                        }
                    }
                    nanos += System.nanoTime() - start;
                    continue;
                }
                long[][] sigs = new long[VALUES.length][];
                for (int v = 0; v < VALUES.length; v++) {
                    sigs[v] = Regex.signature(VALUES[v]);
                }
                long[] union = Regex.unionSignature(sigs, k);
                if (test.equals("union")) {
                    for (SignatureFilter f : filters) {
                        passes += f.mayMatch(union) ? 1 : 0;
                    }
                } else if (test.equals("values")) {
                    for (SignatureFilter f : filters) {
                        for (long[] sig : sigs) {
                            passes += f.mayMatch(sig) ? 1 : 0;
                        }
                    }
                }
                nanos += System.nanoTime() - start;
            }
            System.out.printf("round %d: %.1f µs per iteration, %d filters passed%n", round, nanos / 1000.0 / calls,
                    passes / calls);
        }
    }

    /** The signature filters of the {@code @rx} patterns of CRS's paranoia-level-1 request rules. */
    private static List<SignatureFilter> paranoiaLevelOneFilters(Path crs, List<String> patterns) throws IOException {
        List<SignatureFilter> filters = new ArrayList<>();
        for (String rule : RuleSets.paranoiaLevelOneRequestRules(crs)) {
            int at = rule.indexOf("\"@rx ");
            if (at < 0) {
                continue;
            }
            StringBuilder pattern = new StringBuilder(); // up to the closing quote; \" is a quote
            for (int i = at + 5; i < rule.length() && rule.charAt(i) != '"'; i++) {
                boolean escapedQuote = rule.charAt(i) == '\\' && i + 1 < rule.length() && rule.charAt(i + 1) == '"';
                pattern.append(escapedQuote ? '"' : rule.charAt(i));
                i += escapedQuote ? 1 : 0;
            }
            try {
                SignatureFilter filter = Regex.compile(pattern.toString()).signatureFilter();
                if (filter != null) {
                    filters.add(filter);
                    patterns.add(pattern.toString());
                }
            } catch (RegexSyntaxException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        return filters;
    }
}
