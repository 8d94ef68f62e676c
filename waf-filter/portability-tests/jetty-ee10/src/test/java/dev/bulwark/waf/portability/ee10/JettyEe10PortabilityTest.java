package dev.bulwark.waf.portability.ee10;

import dev.bulwark.waf.portability.PortabilityTests;
import dev.bulwark.waf.portability.ServletContainer;

/** The portability suite in Jetty 12 ee10. */
class JettyEe10PortabilityTest extends PortabilityTests {

    @Override
    protected ServletContainer container() {
        return new JettyEe10();
    }

    @Override
    protected String servletVersion() {
        return "6.0";
    }
}
