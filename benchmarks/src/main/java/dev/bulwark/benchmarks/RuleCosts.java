package dev.bulwark.benchmarks;

import dev.bulwark.waf.RuleLoadException;
import dev.bulwark.waf.RuleSet;
import dev.bulwark.waf.RuleSource;
import dev.bulwark.waf.Transaction;
import dev.bulwark.waf.Verdict;
import dev.bulwark.waf.WafConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What each CRS rule file, or each rule, adds to the cost of one request shape: the shape's inspection is timed
 * with the whole of CRS at paranoia level 1 and again with one file left out ({@code by=files}) or one rule removed
 * by {@code SecRuleRemoveById} ({@code by=rules}, every paranoia-level-1 rule of the request files). Profiles on a
 * virtual machine attribute samples loosely; a difference in time is what a rule really costs. Prints µs per
 * inspection (the best of the rounds after warm-up) per variant and the difference to the whole; run-to-run noise is
 * about 2 µs on the GET, so only larger differences say something.
 *
 * <p>{@code by=files} leaves REQUEST-999-COMMON-EXCEPTIONS-AFTER.conf out of every variant (it updates rules of
 * other files, and would not load without them), and keeps the set-up and evaluation files (901, 949, 959).
 *
 * <pre>
 * CRS_DIR=../shared/crs java -cp benchmarks/target/benchmarks.jar dev.bulwark.benchmarks.RuleCosts \
 *     [by=files|rules] [shape=GET] [rounds=12] [calls=3000]
 * </pre>
 */
public final class RuleCosts {

    private RuleCosts() {}

    /** Files every variant keeps: CRS's set-up and its anomaly evaluation. */
    private static final Pattern KEPT = Pattern.compile("REQUEST-90[01]-.*|REQUEST-949-.*|RESPONSE-959-.*");
    private static final String AFTER = "REQUEST-999-COMMON-EXCEPTIONS-AFTER.conf";
    private static final Pattern RULE_ID = Pattern.compile("\\bid:(\\d+)");

    public static void main(String[] args) throws Exception {
        String by = Args.option(args, "by", "files");
        Requests shape = Requests.valueOf(Args.option(args, "shape", "GET").toUpperCase(Locale.ROOT));
        int rounds = Integer.parseInt(Args.option(args, "rounds", "12"));
        int calls = Integer.parseInt(Args.option(args, "calls", "3000"));
        Path crs = RuleSets.crsDir();
        List<Path> files;
        try (Stream<Path> s = Files.list(crs.resolve("rules"))) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".conf")).sorted().toList();
        }
        boolean byFiles = by.equals("files");
        if (!byFiles && !by.equals("rules")) {
            throw new IllegalArgumentException("by=files or by=rules, not " + by);
        }
        List<String> variants = new ArrayList<>();
        if (byFiles) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (!KEPT.matcher(name).matches() && !name.equals(AFTER)) {
                    variants.add(name);
                }
            }
        } else {
            variants.addAll(paranoiaLevelOneRequestRules(crs));
        }
        System.out.printf("%s, CRS PL1%s, by %s: µs per inspection (best of rounds %d..%d of %d calls)%n",
                shape, byFiles ? " without " + AFTER : "", by, 4, rounds, calls);
        double whole = time(load(crs, files, byFiles, null), shape, rounds, calls);
        System.out.printf("%-62s %7.1f%n", "whole", whole);
        for (String v : variants) {
            double us = time(load(crs, files, byFiles, v), shape, rounds, calls);
            System.out.printf("%-62s %7.1f  %+6.1f%n", (byFiles ? "without " : "without rule ") + v, us, us - whole);
        }
        double again = time(load(crs, files, byFiles, null), shape, rounds, calls);
        System.out.printf("%-62s %7.1f  %+6.1f%n", "whole, again (the drift over the run)", again, again - whole);
    }

    /** CRS at PL1 without file {@code left} (by files) or rule {@code left} (by rules); null: the whole. */
    private static RuleSet load(Path crs, List<Path> files, boolean byFiles, String left) throws RuleLoadException {
        List<RuleSource> sources = new ArrayList<>();
        sources.add(RuleSource.classpath("bulwark/base.conf"));
        sources.add(RuleSource.path(crs.resolve("crs-setup.conf.example")));
        sources.add(RuleSource.text("SecAction \"id:900000,phase:1,pass,nolog,t:none,"
                + "setvar:tx.blocking_paranoia_level=1\"", "benchmark paranoia level"));
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (!(byFiles && (name.equals(AFTER) || name.equals(left)))) {
                sources.add(RuleSource.path(f));
            }
        }
        if (!byFiles && left != null) {
            sources.add(RuleSource.text("SecRuleRemoveById " + left, "rule left out"));
        }
        return RuleSet.compile(WafConfig.builder().rules(sources.toArray(new RuleSource[0])).build());
    }

    /** Ids of the rules tagged paranoia-level/1 in CRS's request files, in file order. */
    private static List<String> paranoiaLevelOneRequestRules(Path crs) throws IOException {
        List<String> ids = new ArrayList<>();
        for (String rule : RuleSets.paranoiaLevelOneRequestRules(crs)) {
            Matcher id = RULE_ID.matcher(rule);
            if (id.find()) {
                ids.add(id.group(1));
            }
        }
        return ids;
    }

    /** The best µs per inspection of rounds 4.. (the first three warm the JIT up). */
    private static double time(RuleSet rules, Requests shape, int rounds, int calls) {
        double best = Double.MAX_VALUE;
        for (int round = 1; round <= rounds; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                try (Transaction tx = rules.newTransaction()) {
                    Verdict v = shape.inspect(tx);
                    // with a rule left out an attack may pass; ordinary traffic must pass whatever is left out
                    if (!shape.isAttack() && v.isInterrupted()) {
                        throw new IllegalStateException(shape + " was blocked: " + v);
                    }
                }
            }
            if (round >= 4) {
                best = Math.min(best, (System.nanoTime() - start) / 1000.0 / calls);
            }
        }
        return best;
    }
}
