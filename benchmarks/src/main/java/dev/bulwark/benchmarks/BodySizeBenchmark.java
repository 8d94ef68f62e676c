package dev.bulwark.benchmarks;

import dev.bulwark.waf.RuleLoadException;
import dev.bulwark.waf.RuleMatch;
import dev.bulwark.waf.RuleSet;
import dev.bulwark.waf.RuleSource;
import dev.bulwark.waf.Transaction;
import dev.bulwark.waf.Verdict;
import dev.bulwark.waf.WafConfig;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost against body size: a benign urlencoded form from 1 KB to 1 MB (one long free-text field) through CRS at
 * paranoia level 1, to show that the cost grows linearly. The no-files limit is raised to 2 MB so that every size is
 * inspected rather than refused.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BodySizeBenchmark {

    @Param({"1024", "4096", "16384", "65536", "262144", "1048576"})
    public int size;

    private RuleSet ruleSet;
    private byte[] body;

    @Setup
    public void setUp() throws RuleLoadException {
        Path crs = RuleSets.crsDir();
        ruleSet = RuleSet.compile(WafConfig.builder().rules(
                RuleSource.classpath("bulwark/base.conf"),
                RuleSource.text("SecRequestBodyNoFilesLimit 2097152\nSecRequestBodyLimit 4194304\n", "sweep limits"),
                RuleSource.path(crs.resolve("crs-setup.conf.example")),
                RuleSource.path(crs.resolve("rules").resolve("*.conf"))).build());
        body = Requests.Bodies.form(size);
        inspect();
    }

    @Benchmark
    public Verdict inspect() {
        try (Transaction tx = ruleSet.newTransaction()) {
            tx.connection("203.0.113.7", 51234, "10.0.0.1", 8080);
            tx.requestLine("POST", "/support/ticket", "HTTP/1.1");
            for (String[] h : Requests.BROWSER_HEADERS) {
                tx.requestHeader(h[0], h[1]);
            }
            tx.requestHeader("Content-Type", "application/x-www-form-urlencoded");
            tx.requestHeader("Content-Length", Integer.toString(body.length));
            tx.processRequestHeaders();
            tx.requestBody(body);
            tx.processRequestBody();
            tx.processLogging();
            Verdict v = tx.verdict();
            if (v.isInterrupted()) {
                throw new IllegalStateException(size + " bytes: ordinary form blocked: " + v.cause());
            }
            for (RuleMatch m : v.matches()) {
                if (m.logged() && m.ruleId() >= 930000 && m.ruleId() < 945000) {
                    throw new IllegalStateException(size + " bytes: detection rule " + m.ruleId() + " fired");
                }
            }
            return v;
        }
    }
}
