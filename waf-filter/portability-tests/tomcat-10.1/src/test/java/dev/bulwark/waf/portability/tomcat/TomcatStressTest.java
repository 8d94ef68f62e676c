package dev.bulwark.waf.portability.tomcat;

import dev.bulwark.waf.portability.ConcurrencyStressTests;
import dev.bulwark.waf.portability.ServletContainer;

/**
 * The concurrency stress test in embedded Tomcat 10.1, smaller than in Jetty ee10 (the full run) to keep the build short;
 * {@code -Dstress.requests} and {@code -Dstress.crs.requests} make it as large as wanted.
 */
class TomcatStressTest extends ConcurrencyStressTests {

    @Override
    protected ServletContainer container() {
        return new EmbeddedTomcat();
    }

    @Override
    protected int requests() {
        return 5_000;
    }

    @Override
    protected int crsRequests() {
        return 1_000;
    }
}
