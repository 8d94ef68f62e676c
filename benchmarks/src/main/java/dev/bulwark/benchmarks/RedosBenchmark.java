package dev.bulwark.benchmarks;

import dev.bulwark.waf.RuleLoadException;
import dev.bulwark.waf.RuleSet;
import dev.bulwark.waf.Transaction;
import dev.bulwark.waf.Verdict;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Why every rule pattern goes through RE2 semantics. A file-name check shaped like CRS 944140, 933110 and 933111
 * ({@code .*\.(?:ext)\.*$}: unanchored, a leading {@code .*}, a literal dot) costs a backtracking engine time
 * quadratic in the value when the value has many dots and no match: every start position scans to the end. Bulwark's
 * matching is linear. {@code bulwark} runs a whole inspection of a request whose {@code X-Filename} header holds the
 * value, against one rule with the pattern; {@code java.util.regex} runs the same pattern on the same value with the
 * JDK's backtracking engine (which never evaluates a rule in Bulwark). Single shots: one run can take seconds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(1)
public class RedosBenchmark {

    /** The shape of CRS's upload file-name checks, with an extension of its own. */
    static final String PATTERN = ".*\\.(?:cgi|cgix)\\.*$";

    @Param({"bulwark", "java.util.regex"})
    public String engine;

    /** Length of the value: {@code a.a.a....} with no file extension at the end. */
    @Param({"4096", "16384", "65536"})
    public int length;

    private RuleSet ruleSet;
    private Pattern backtracking;
    private String value;

    @Setup
    public void setUp() throws RuleLoadException {
        ruleSet = RuleSet.fromText("SecRuleEngine On\nSecRequestBodyAccess On\n"
                + "SecRule REQUEST_HEADERS:X-Filename \"@rx " + PATTERN + "\" \"id:1,phase:1,deny,status:403,t:none\"\n");
        // ModSecurity's flags: dot matches newline ("$" is end of input in both, as the value has no newline)
        backtracking = Pattern.compile(PATTERN, Pattern.DOTALL);
        value = "a.".repeat(length / 2);
    }

    @Benchmark
    public boolean match() {
        boolean matched;
        if (engine.equals("bulwark")) {
            try (Transaction tx = ruleSet.newTransaction()) {
                tx.requestLine("GET", "/download", "HTTP/1.1");
                tx.requestHeader("X-Filename", value);
                Verdict v = tx.processRequestHeaders();
                matched = v.isInterrupted();
            }
        } else {
            matched = backtracking.matcher(value).find();
        }
        if (matched) {
            throw new IllegalStateException(engine + ": a value without the extension must not match");
        }
        return matched;
    }
}
