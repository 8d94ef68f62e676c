package dev.bulwark.waf.portability.tomcat;

import dev.bulwark.waf.portability.PortabilityTests;
import dev.bulwark.waf.portability.ServletContainer;

/** The portability suite in embedded Tomcat 10.1. */
class TomcatPortabilityTest extends PortabilityTests {

    @Override
    protected ServletContainer container() {
        return new EmbeddedTomcat();
    }

    @Override
    protected String servletVersion() {
        return "6.0";
    }
}
