package dev.bulwark.waf.portability;

import dev.bulwark.waf.internal.log.RequestLog;
import jakarta.servlet.Filter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The application the suite deploys in every container: a {@link RecordingFilter} first, then the WAF filter, then
 * the {@link TestServlets}. Requests carry a {@value #KEY_HEADER} header; the app keeps, per key, the error log lines
 * the WAF left in the request attribute {@code dev.bulwark.waf.internal.errorLogLines} and whether a servlet served
 * the request (a blocked request must never reach one).
 */
public final class TestApp implements AutoCloseable {

    public static final String KEY_HEADER = "X-Test-Key";
    /** Servlets answer the key they served in this header: binds a response to its request on a shared connection. */
    public static final String SERVED_HEADER = "X-Served-Key";
    /** The request's header enumeration throws: a failure inside the WAF's request phases. */
    public static final String EXPLODE_HEADER = "X-Test-Explode";
    /** The response's header enumeration throws: a failure inside the WAF's phase 3. */
    public static final String EXPLODE_RESPONSE_HEADER = "X-Test-Explode-Response";

    static final String LINES_ATTRIBUTE = RequestLog.LINES_ATTRIBUTE;

    private final Map<String, CompletableFuture<List<String>>> linesByKey = new ConcurrentHashMap<>();
    private final Set<String> servedKeys = ConcurrentHashMap.newKeySet();
    /** The threads async requests complete on: not the container's. */
    private final ExecutorService asyncWorkers = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "test-async-worker");
        t.setDaemon(true);
        return t;
    });

    /** The deployment: recording filter, {@code waf} (named {@code bulwark}, with {@code wafInitParams}), servlets. */
    public Deployment deployment(Filter waf, Map<String, String> wafInitParams) {
        Deployment d = new Deployment()
                .filter("recording", new RecordingFilter(this), Map.of())
                .filter("bulwark", waf, wafInitParams);
        TestServlets.register(d, this, asyncWorkers);
        return d;
    }

    void recordLines(String key, List<String> lines) {
        CompletableFuture<List<String>> slot = linesByKey.computeIfAbsent(key, k -> new CompletableFuture<>());
        if (!slot.complete(lines)) {
            // The same key sent again (a retry on a new connection): the latest request's lines count.
            linesByKey.put(key, CompletableFuture.completedFuture(lines));
        }
    }

    void recordServed(String key) {
        servedKeys.add(key);
    }

    /**
     * The log lines of the request sent with key {@code key}. The client may have its response before the filter
     * chain has unwound, so this waits (up to 10 s) for the recording filter.
     */
    public List<String> lines(String key) throws InterruptedException {
        try {
            return linesByKey.computeIfAbsent(key, k -> new CompletableFuture<>()).get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no log lines recorded for request " + key);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a servlet served the request sent with key {@code key}. */
    public boolean served(String key) {
        return servedKeys.contains(key);
    }

    /** Forgets every recorded request. */
    public void clear() {
        linesByKey.clear();
        servedKeys.clear();
    }

    @Override
    public void close() {
        asyncWorkers.shutdownNow();
    }
}
