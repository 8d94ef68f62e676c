package dev.bulwark.benchmarks;

import dev.bulwark.waf.RuleLoadException;
import dev.bulwark.waf.RuleSet;
import dev.bulwark.waf.Transaction;
import dev.bulwark.waf.Verdict;
import dev.bulwark.waf.WafConfig;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One whole inspection with the bundled rules ({@code classpath:bulwark/bulwark.conf}): request line, headers,
 * phases 1, 2 and 5, as the filter runs them. Each benchmark checks the verdict and throws when it is wrong, so a
 * fast wrong answer cannot pass for a fast right one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class InspectionBenchmark {

    private static final String[][] BROWSER_HEADERS = {
        {"Host", "shop.example.com"},
        {"User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                + "Chrome/126.0.0.0 Safari/537.36"},
        {"Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"},
        {"Accept-Language", "en-GB,en;q=0.9,fr;q=0.8"},
        {"Accept-Encoding", "gzip, deflate, br"},
        {"Referer", "https://shop.example.com/catalogue/shoes?colour=blue&size=42&sort=price-asc"},
        {"Cookie", "session=9f86d081884c7d659a2feaa0c55ad015; cart=3-items; theme=dark; consent=analytics%3Dno; "
                + "_ga=GA1.2.1234567890.1700000000; last_seen=2024-06-01T10%3A15%3A00Z"},
        {"Sec-Fetch-Dest", "document"},
        {"Sec-Fetch-Mode", "navigate"},
        {"Upgrade-Insecure-Requests", "1"},
        {"Connection", "keep-alive"},
    };

    private RuleSet rules;
    private byte[] form;

    @Setup
    public void setUp() throws RuleLoadException {
        rules = RuleSet.compile(WafConfig.builder().rules("classpath:bulwark/bulwark.conf").build());
        form = benignForm(1024);
        // Refuse to measure anything if the inputs are not what the benchmark claims (benign, so they pass).
        check(benignGet());
        check(formPost());
    }

    /** A realistic urlencoded form of exactly {@code size} bytes with ordinary values. */
    static byte[] benignForm(int size) {
        StringBuilder b = new StringBuilder("name=Miles+O%27Brien&email=miles.obrien%40example.com"
                + "&address=23+Station+Road%2C+Deep+Space+Nine&phone=%2B44+20+7946+0000&product=select+a+product"
                + "&quantity=2&price=19.99&coupon=SUMMER-2024&newsletter=on&comment=");
        String words = "Please+drop+us+a+line+when+the+order+ships%3B+we+are+away+on+the+12th.+";
        while (b.length() < size) {
            b.append(words);
        }
        b.setLength(size);
        // Never end inside a %XX escape.
        int pct = b.lastIndexOf("%");
        if (pct >= size - 2) {
            b.replace(pct, size, "x".repeat(size - pct));
        }
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    @Benchmark
    public Verdict benignGet() {
        try (Transaction tx = rules.newTransaction()) {
            tx.connection("203.0.113.7", 51234, "10.0.0.1", 8080);
            tx.requestLine("GET", "/catalogue/shoes?colour=blue&size=42&sort=price-asc&q=running+shoes+O%27Neill",
                    "HTTP/1.1");
            for (String[] h : BROWSER_HEADERS) {
                tx.requestHeader(h[0], h[1]);
            }
            tx.processRequestHeaders();
            tx.processRequestBody();
            tx.processLogging();
            return check(tx.verdict());
        }
    }

    @Benchmark
    public Verdict formPost() {
        try (Transaction tx = rules.newTransaction()) {
            tx.connection("203.0.113.7", 51234, "10.0.0.1", 8080);
            tx.requestLine("POST", "/checkout/address", "HTTP/1.1");
            for (String[] h : BROWSER_HEADERS) {
                tx.requestHeader(h[0], h[1]);
            }
            tx.requestHeader("Content-Type", "application/x-www-form-urlencoded");
            tx.requestHeader("Content-Length", Integer.toString(form.length));
            tx.processRequestHeaders();
            tx.requestBody(form);
            tx.processRequestBody();
            tx.processLogging();
            return check(tx.verdict());
        }
    }

    /** A benign request must pass and trigger no detection rule. */
    private static Verdict check(Verdict v) {
        if (v.isInterrupted()) {
            throw new IllegalStateException("benign request was blocked: " + v.cause());
        }
        for (var m : v.matches()) {
            if (m.ruleId() >= 101000 && m.ruleId() <= 199999) {
                throw new IllegalStateException("benign request matched rule " + m.ruleId() + ": " + m);
            }
        }
        return v;
    }
}
