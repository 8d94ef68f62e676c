package dev.bulwark.demo;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * {@code --cpu-report N}: the first filter of the chain, timing the thread CPU the rest of it takes per request (the
 * Bulwark filter and the application; Jetty's own work around them is not in it). Every {@link #every} requests it
 * prints the average since the last report, which {@code benchmarks/load.sh} shows next to the throughput: under load
 * the filter costs more than in a single-thread benchmark, and this says how much. Reading the thread's CPU clock
 * costs about a microsecond per request, so it is off unless asked for.
 */
final class CpuReport implements Filter {

    /** How a report line starts; {@code load.sh} looks for it. */
    static final String PREFIX = "CPU per request";

    private final PrintStream out;
    private final int every;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long nanos;
    private int requests;

    CpuReport(PrintStream out, int every) {
        if (!threads.isCurrentThreadCpuTimeSupported()) {
            throw new IllegalStateException("--cpu-report: this JVM cannot measure a thread's CPU time");
        }
        this.out = out;
        this.every = every;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long start = threads.getCurrentThreadCpuTime();
        try {
            chain.doFilter(request, response);
        } finally {
            record(threads.getCurrentThreadCpuTime() - start);
        }
    }

    private void record(long cpuNanos) {
        String line = null;
        synchronized (this) {
            nanos += cpuNanos;
            if (++requests == every) {
                line = String.format(Locale.ROOT, "%s (filter chain, thread CPU): %.1f µs over %d requests", PREFIX,
                        nanos / 1000.0 / requests, requests);
                nanos = 0;
                requests = 0;
            }
        }
        if (line != null) {
            out.println(line);
        }
    }
}
