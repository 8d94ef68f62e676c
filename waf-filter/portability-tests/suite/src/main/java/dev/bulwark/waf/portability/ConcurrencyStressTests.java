package dev.bulwark.waf.portability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.waf.RuleLoadException;
import dev.bulwark.waf.RuleSet;
import dev.bulwark.waf.RuleSource;
import dev.bulwark.waf.WafConfig;
import dev.bulwark.waf.WafFilter;
import dev.bulwark.waf.portability.StressRequests.StressRequest;
import dev.bulwark.waf.testsupport.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One filter shared by many connections: thousands of mixed requests ({@link StressRequests}) are first sent one
 * after another on a single connection, which gives each its verdict alone, then all again, shuffled, from 16 client
 * threads on connections of their own. Every request must get the same verdict both times: status, and each logged
 * rule with its data. Rules placed first copy each request's {@code mark} into a TX variable, log it, and count the
 * transactions the TX collection has seen; a request must log its own mark (or none) and a count of one, so no
 * transaction state can pass from one request to another unnoticed. Responses must answer their own request (the
 * served key, or the incident id of its log lines).
 *
 * <p>Sizes: {@link #requests()} with the bundled rules and {@link #crsRequests()} with OWASP CRS (skipped when the CRS
 * checkout is missing, except in CI), which system properties {@code stress.requests} and
 * {@code stress.crs.requests} override; {@code stress.threads} client threads (default 16).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ConcurrencyStressTests {

    /** Placed before the rules under test, so that they run for blocked requests too. Ids 10010-10013. */
    static final String STATE_RULES = """
            SecRule ARGS_GET:mark "@rx ^([a-z0-9]{1,16})$" \\
                "id:10010,phase:1,pass,nolog,capture,setvar:'tx.stress_mark=%{TX.1}'"
            SecAction "id:10011,phase:1,pass,nolog,setvar:'tx.stress_visits=+1'"
            SecRule TX:stress_visits "!@eq 1" \\
                "id:10012,phase:2,pass,log,msg:'TX state of another request',logdata:'visits=%{tx.stress_visits}'"
            SecRule TX:stress_mark "@rx ^" \\
                "id:10013,phase:2,pass,log,msg:'mark',logdata:'mark=%{tx.stress_mark}'"
            """;

    /** What a request got: its status and, per log line, the rule id and data (unique ids left out). */
    record Verdict(int status, List<String> matches) {}

    /** The container under test. */
    protected abstract ServletContainer container();

    /** How many requests go through the bundled rules (each sent twice: alone, then concurrently). */
    protected int requests() {
        return 20_000;
    }

    /** How many requests go through OWASP CRS; 0 skips the CRS part unless {@code stress.crs.requests} is set. */
    protected int crsRequests() {
        return 3_000;
    }

    @Test
    void bundledRulesGiveEachRequestItsVerdictAloneUnderConcurrency() throws Exception {
        RuleSet rules = RuleSet.compile(WafConfig.builder()
                .rules(RuleSource.text(STATE_RULES, "stress-state-rules"), RuleSource.classpath("bulwark/bulwark.conf"))
                .build());
        run("bundled rules", rules, Integer.getInteger("stress.requests", requests()));
    }

    @Test
    void crsGivesEachRequestItsVerdictAloneUnderConcurrency() throws Exception {
        Path crs = SharedData.crsDir();
        boolean present = Files.isRegularFile(crs.resolve("crs-setup.conf.example"))
                && Files.isDirectory(crs.resolve("rules"));
        if (!present && SharedData.inCi()) {
            throw new AssertionError("CRS not found at " + crs + " (set -Dcrs.dir or CRS_DIR); CI requires it");
        }
        Assumptions.assumeTrue(present, "CRS part of the stress test skipped: no OWASP CRS at " + crs
                + " (set -Dcrs.dir or CRS_DIR to a CRS v4 checkout)");
        int n = Integer.getInteger("stress.crs.requests", crsRequests());
        Assumptions.assumeTrue(n > 0, "CRS part of the stress test not run in " + container().name()
                + " by default, to keep the build short (the full run is in Jetty ee10); -Dstress.crs.requests=N"
                + " runs it here");
        run("OWASP CRS", crsRules(crs), n);
    }

    /** CRS as the demo's {@code --crs} runs it: the recommended base configuration, CRS's setup and rules. */
    private static RuleSet crsRules(Path crs) throws RuleLoadException {
        return RuleSet.compile(WafConfig.builder()
                .rules(RuleSource.text(STATE_RULES, "stress-state-rules"), RuleSource.classpath("bulwark/base.conf"),
                        RuleSource.path(crs.resolve("crs-setup.conf.example")),
                        RuleSource.path(crs.resolve("rules").resolve("*.conf")))
                .build());
    }

    private void run(String rulesName, RuleSet rules, int n) throws Exception {
        int threads = Integer.getInteger("stress.threads", 16);
        List<StressRequest> requests = StressRequests.generate(n, 20261123L, "s");
        try (TestApp app = new TestApp();
                ServletContainer.Running server = container().start(app.deployment(new WafFilter(rules), Map.of()))) {
            long t0 = System.nanoTime();
            List<Verdict> alone = new ArrayList<>(n);
            Client sequential = new Client(server.port());
            try {
                for (StressRequest r : requests) {
                    alone.add(verdict(r, sequential.send(r.request()), app));
                }
            } finally {
                sequential.close();
            }
            long t1 = System.nanoTime();
            app.clear();

            List<Integer> order = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                order.add(i);
            }
            Collections.shuffle(order, new Random(7));
            Reply[] replies = new Reply[n];
            AtomicInteger next = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Void>> clients = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    clients.add(pool.submit(() -> {
                        Client c = new Client(server.port());
                        try {
                            for (int k; (k = next.getAndIncrement()) < n; ) {
                                int i = order.get(k);
                                replies[i] = c.send(requests.get(i).request());
                            }
                        } finally {
                            c.close();
                        }
                        return null;
                    }));
                }
                for (Future<Void> f : clients) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            long t2 = System.nanoTime();

            List<String> mismatches = new ArrayList<>();
            int blocked = 0;
            for (int i = 0; i < n; i++) {
                StressRequest r = requests.get(i);
                Verdict concurrent = verdict(r, replies[i], app);
                if (!concurrent.equals(alone.get(i))) {
                    mismatches.add(r.key() + " " + r.request() + " [" + r.kind() + "]: alone " + alone.get(i)
                            + ", concurrently " + concurrent);
                }
                blocked += concurrent.status() == 403 ? 1 : 0;
            }
            System.out.printf("%s, %s: %d requests (%d blocked), alone in %.1f s, %d threads in %.1f s, %d"
                    + " mismatches%n", container().name(), rulesName, n, blocked, (t1 - t0) / 1e9, threads,
                    (t2 - t1) / 1e9, mismatches.size());
            assertEquals(List.of(), mismatches.subList(0, Math.min(20, mismatches.size())),
                    mismatches.size() + " of " + n + " verdicts differ under concurrency");
            assertTrue(blocked > n / 10 && blocked < n * 9 / 10, "a mix of blocked and passed requests: " + blocked
                    + " of " + n + " blocked");
        }
    }

    /**
     * The verdict of one reply, after checking what holds whatever the rules: the reply answers this request, the
     * request logged its own mark (or none), and its TX collection saw one transaction.
     */
    private static Verdict verdict(StressRequest r, Reply reply, TestApp app) throws InterruptedException {
        List<String> lines = app.lines(r.key());
        List<String> matches = new ArrayList<>();
        String incident = reply.incident();
        List<String> marks = new ArrayList<>();
        for (String line : lines) {
            String id = LogLines.id(line);
            matches.add(id == null ? "no id: " + line.substring(0, Math.min(80, line.length()))
                    : id + " " + LogLines.data(line));
            if ("10012".equals(id)) {
                throw new AssertionError(r.key() + " saw the TX state of another request: " + line);
            }
            if ("10013".equals(id)) {
                marks.add(LogLines.data(line));
            }
            if (incident != null && !incident.equals(LogLines.uniqueId(line))) {
                throw new AssertionError(r.key() + " answered with incident " + incident + " but logged " + line);
            }
        }
        assertEquals(r.mark() == null ? List.of() : List.of("mark=" + r.mark()), marks, r.key() + " " + lines);
        if (reply.status() == 200) {
            assertEquals(r.key(), reply.header(TestApp.SERVED_HEADER), "reply to another request");
        } else if (incident == null) {
            throw new AssertionError(r.key() + ": status " + reply.status() + " without an incident id: " + reply);
        }
        Collections.sort(matches);
        return new Verdict(reply.status(), matches);
    }

    /** A keep-alive connection that reconnects when the server closes it (announced, or between requests). */
    private static final class Client {
        private final int port;
        private HttpConnection connection;

        Client(int port) throws IOException {
            this.port = port;
            this.connection = new HttpConnection(port);
        }

        Reply send(RawRequest request) throws IOException {
            Reply reply;
            try {
                reply = connection.exchange(request);
            } catch (HttpConnection.ClosedByServer e) {
                reconnect();
                reply = connection.exchange(request);
            }
            if (reply.announcesClose()) {
                reconnect();
            }
            return reply;
        }

        private void reconnect() throws IOException {
            connection.close();
            connection = new HttpConnection(port);
        }

        void close() {
            connection.close();
        }
    }
}
