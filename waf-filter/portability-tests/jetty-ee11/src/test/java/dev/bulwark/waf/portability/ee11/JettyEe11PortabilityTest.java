package dev.bulwark.waf.portability.ee11;

import dev.bulwark.waf.portability.PortabilityTests;
import dev.bulwark.waf.portability.ServletContainer;

/** The portability suite in Jetty 12 ee11. */
class JettyEe11PortabilityTest extends PortabilityTests {

    @Override
    protected ServletContainer container() {
        return new JettyEe11();
    }

    @Override
    protected String servletVersion() {
        return "6.1";
    }
}
