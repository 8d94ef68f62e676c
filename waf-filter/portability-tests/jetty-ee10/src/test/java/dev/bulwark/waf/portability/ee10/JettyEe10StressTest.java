package dev.bulwark.waf.portability.ee10;

import dev.bulwark.waf.portability.ConcurrencyStressTests;
import dev.bulwark.waf.portability.ServletContainer;

/** The concurrency stress test in Jetty 12 ee10. */
class JettyEe10StressTest extends ConcurrencyStressTests {

    @Override
    protected ServletContainer container() {
        return new JettyEe10();
    }
}
