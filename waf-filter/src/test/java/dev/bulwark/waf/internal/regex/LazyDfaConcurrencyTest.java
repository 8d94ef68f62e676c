package dev.bulwark.waf.internal.regex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Several threads share one compiled pattern, whose DFA state cache is built concurrently and, with a tiny memory
 * budget, emptied and rebuilt again and again while they run. Every answer must still be RE2/J's: whether it
 * matches ({@link LazyDfa}) and where ({@link OrderedDfa}, through {@link MatchBounds}).
 */
class LazyDfaConcurrencyTest {

    private static final String PATTERN = "(?i)(?:\\b(?:select|union|insert)\\b[\\s\\x0b]+[a-z_]{2,6}|[0-9]{3,5}$"
            + "|(?m)^end\\b)";
    private static final int THREADS = 4;
    private static final int INPUTS = 3000;

    @Test
    void threadsSharingOnePatternGetRe2jAnswersWhileTheCacheIsRebuilt() throws Exception {
        runConcurrently(FastMatcher.compile(PATTERN, 4 * 1024), true);
    }

    @Test
    void threadsSharingOnePatternGetRe2jAnswersWithRoomyCache() throws Exception {
        runConcurrently(FastMatcher.compile(PATTERN), false);
    }

    @Test
    void threadsSharingOneBoundsFinderGetRe2jMatchesWhileTheCacheIsRebuilt() throws Exception {
        MatchBounds bounds = MatchBounds.of(RegexParser.parse(PATTERN), 4 * 1024);
        Pattern re2j = Pattern.compile(PATTERN, Pattern.DOTALL);
        Random random = new Random(43);
        List<String> inputs = new ArrayList<>();
        long[] expected = new long[INPUTS];
        for (int i = 0; i < INPUTS; i++) {
            String s = randomInput(random);
            inputs.add(s);
            com.google.re2j.Matcher m = re2j.matcher(s);
            expected[i] = m.find() ? (long) m.start() << 32 | m.end() : MatchBounds.NO_MATCH;
        }
        // short inputs: no scan thrashes into UNDECIDED
        assertEveryThreadRight(i -> bounds.find(inputs.get(i)) == expected[i]);
        assertTrue(bounds.cacheResets() > 0, "the small budget should force cache resets");
    }

    private static void runConcurrently(FastMatcher fast, boolean expectResets) throws Exception {
        Pattern re2j = Pattern.compile(PATTERN, Pattern.DOTALL);
        Random random = new Random(42);
        List<String> inputs = new ArrayList<>();
        boolean[] expected = new boolean[INPUTS];
        for (int i = 0; i < INPUTS; i++) {
            String s = randomInput(random);
            inputs.add(s);
            expected[i] = re2j.matcher(s).find();
        }
        assertEveryThreadRight(i -> (fast.find(inputs.get(i)) == FastMatcher.MATCH) == expected[i]);
        int matching = 0;
        for (boolean e : expected) {
            matching += e ? 1 : 0;
        }
        assertTrue(matching > INPUTS / 10 && matching < INPUTS * 9 / 10, "inputs should both match and not");
        if (expectResets) {
            assertTrue(fast.dfa().cacheResets() > 0, "the small budget should force cache resets");
        } else {
            assertEquals(0, fast.dfa().cacheResets());
        }
    }

    /** Runs {@link #THREADS} threads that each check every input three times, starting at different offsets. */
    private static void assertEveryThreadRight(java.util.function.IntPredicate right) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int offset = t * 17;
                results.add(pool.submit(() -> {
                    go.await();
                    int wrong = 0;
                    for (int round = 0; round < 3; round++) {
                        for (int k = 0; k < INPUTS; k++) {
                            if (!right.test((k + offset) % INPUTS)) {
                                wrong++;
                            }
                        }
                    }
                    return wrong;
                }));
            }
            go.countDown();
            for (Future<Integer> r : results) {
                assertEquals(0, r.get(2, TimeUnit.MINUTES));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String randomInput(Random random) {
        String[] words = {"select", "SELECT", "union", "Insert", "end", "foo", "a_b", "1234", "99", "x", "\u00e9"};
        String[] gaps = {" ", "\u000b", "\n", "", "(", "_", "  "};
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(8);
        for (int i = 0; i < n; i++) {
            sb.append(words[random.nextInt(words.length)]).append(gaps[random.nextInt(gaps.length)]);
        }
        return sb.toString();
    }
}
