package dev.bulwark.waf.portability.ee11;

import dev.bulwark.waf.portability.ConcurrencyStressTests;
import dev.bulwark.waf.portability.ServletContainer;

/**
 * The concurrency stress test in Jetty 12 ee11, smaller than in Jetty ee10 (the full run) and without its CRS part,
 * to keep the build short; {@code -Dstress.requests} and {@code -Dstress.crs.requests} make it as large as wanted.
 */
class JettyEe11StressTest extends ConcurrencyStressTests {

    @Override
    protected ServletContainer container() {
        return new JettyEe11();
    }

    @Override
    protected int requests() {
        return 2_000;
    }

    @Override
    protected int crsRequests() {
        return 0;
    }
}
