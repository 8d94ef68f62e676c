package dev.bulwark.benchmarks;

/**
 * Writes memory between two timed calls, as the network stack and the application do between two requests a server
 * inspects: one write per 64-byte line, over a region four times the size asked for, a different part each time, so
 * what the next call reads has left the caches. Zero KB writes nothing.
 */
final class CachePolluter {

    private final int longsPerCall;
    private final long[] memory;
    private long offset;

    CachePolluter(int kilobytes) {
        longsPerCall = kilobytes * 128;
        memory = new long[4 * Math.max(1, longsPerCall)];
    }

    /** Whether {@link #pollute} writes anything. */
    boolean active() {
        return longsPerCall > 0;
    }

    void pollute() {
        for (int w = 0; w < longsPerCall; w += 8) { // 8 longs: one line
            memory[(int) ((offset + w) % memory.length)]++;
        }
        offset += longsPerCall;
    }
}
