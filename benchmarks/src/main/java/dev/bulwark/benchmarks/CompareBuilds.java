package dev.bulwark.benchmarks;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * Compares two builds of the filter on one machine at one time: each {@code waf-filter} jar is loaded in its own class
 * loader (ahead of this benchmarks jar, which supplies the request shapes, the rules and the libraries), and rounds
 * of the same {@link RuleSetBenchmark} inspection alternate between them in one JVM. On a shared machine whose speed
 * drifts by tens of percent from minute to minute, separate JMH runs cannot show a 10% change; the ratio of
 * neighbouring rounds can. Each call still checks its verdict. With {@code pollute=KB}, that much memory is written
 * between calls (outside the timing), as the network stack and the application do between two requests a server
 * inspects: the cold-cache cost that decides throughput end to end ({@link RequestParts} shows how much it is).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.bulwark.benchmarks.CompareBuilds \
 *     OLD/waf-filter.jar NEW/waf-filter.jar [rules=crs-pl1] [shape=GET] [rounds=30] [calls=2000] [pollute=0]
 * </pre>
 */
public final class CompareBuilds {

    private CompareBuilds() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: CompareBuilds BASELINE.jar CANDIDATE.jar [rules=crs-pl1] [shape=GET]"
                    + " [rounds=30] [calls=2000] [pollute=0]");
            System.exit(2);
        }
        String rules = Args.option(args, 2, "rules", "crs-pl1");
        String shape = Args.option(args, 2, "shape", "GET");
        int rounds = Integer.parseInt(Args.option(args, 2, "rounds", "30"));
        int calls = Integer.parseInt(Args.option(args, 2, "calls", "2000"));
        int polluteKb = Integer.parseInt(Args.option(args, 2, "pollute", "0"));
        Path self = Path.of(CompareBuilds.class.getProtectionDomain().getCodeSource().getLocation().toURI());

        IntToDoubleFunction[] sides = new IntToDoubleFunction[2];
        ClassLoader[] loaders = new ClassLoader[2];
        for (int s = 0; s < 2; s++) {
            Path jar = Path.of(args[s]);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException("not a file: " + jar);
            }
            loaders[s] = new URLClassLoader(new URL[] {jar.toUri().toURL(), self.toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
            Thread.currentThread().setContextClassLoader(loaders[s]);
            sides[s] = (IntToDoubleFunction) loaders[s].loadClass(Workload.class.getName())
                    .getMethod("create", String.class, String.class, int.class).invoke(null, rules, shape, polluteKb);
        }

        double[][] micros = new double[2][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < 2; k++) {
                int s = r % 2 == 0 ? k : 1 - k; // alternate which side goes first
                Thread.currentThread().setContextClassLoader(loaders[s]);
                micros[s][r] = sides[s].applyAsDouble(calls);
            }
        }
        int warm = rounds / 3; // the first third warms up the JIT and the DFA caches
        System.out.printf("%s / %s, %d rounds of %d calls (first %d ignored)%s, µs per inspection:%n", rules, shape,
                rounds, calls, warm, polluteKb > 0 ? ", " + polluteKb + " KB written between calls" : "");
        for (int s = 0; s < 2; s++) {
            double[] v = Arrays.copyOfRange(micros[s], warm, rounds);
            Arrays.sort(v);
            System.out.printf("  %-9s min %9.1f  median %9.1f  (%s)%n", s == 0 ? "baseline" : "candidate", v[0],
                    v[v.length / 2], args[s]);
        }
        List<Double> ratios = new ArrayList<>();
        for (int r = warm; r < rounds; r++) {
            ratios.add(micros[1][r] / micros[0][r]);
        }
        ratios.sort(null);
        System.out.printf("  candidate / baseline, median of per-round ratios: %.3f%n", ratios.get(ratios.size() / 2));
    }

    /** One side of the comparison, loaded in that side's class loader. */
    public static final class Workload implements IntToDoubleFunction {

        private final RuleSetBenchmark benchmark = new RuleSetBenchmark();
        /** Memory written between calls (outside the timing), or nothing. */
        private final CachePolluter polluter;

        private Workload(String rules, String shape, int polluteKb) throws Exception {
            benchmark.rules = rules;
            benchmark.shape = shape;
            benchmark.setUp();
            polluter = new CachePolluter(polluteKb);
        }

        public static IntToDoubleFunction create(String rules, String shape, int polluteKb) throws Exception {
            return new Workload(rules, shape, polluteKb);
        }

        /** Runs {@code calls} inspections; the mean time of one in µs. */
        @Override
        public double applyAsDouble(int calls) {
            if (!polluter.active()) {
                long start = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    benchmark.inspect();
                }
                return (System.nanoTime() - start) / 1000.0 / calls;
            }
            long nanos = 0;
            for (int i = 0; i < calls; i++) {
                polluter.pollute();
                long start = System.nanoTime();
                benchmark.inspect();
                nanos += System.nanoTime() - start;
            }
            return nanos / 1000.0 / calls;
        }
    }
}
