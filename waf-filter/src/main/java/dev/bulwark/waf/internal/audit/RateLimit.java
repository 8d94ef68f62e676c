package dev.bulwark.waf.internal.audit;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Lets one caller through per interval, from any thread, without blocking: for warnings that must not flood the log
 * while the condition lasts. Thread-safe.
 */
final class RateLimit {

    private final long intervalNanos;
    private final LongSupplier clock;
    private final AtomicLong last;

    /** @param clock a monotonic clock in nanoseconds ({@code System::nanoTime}) */
    RateLimit(long intervalNanos, LongSupplier clock) {
        this.intervalNanos = intervalNanos;
        this.clock = clock;
        this.last = new AtomicLong(clock.getAsLong() - intervalNanos);
    }

    /** True for the first call, then for the first call at least one interval after the last that returned true. */
    boolean tryAcquire() {
        long now = clock.getAsLong();
        long previous = last.get();
        return now - previous >= intervalNanos && last.compareAndSet(previous, now);
    }
}
