package dev.bulwark.waf.portability;

/**
 * A servlet container the suite can run in: starts a {@link Deployment} (filters in front of servlets, in one context
 * at {@code /}) on an ephemeral port of the loopback interface. Each container module supplies one.
 */
public interface ServletContainer {

    /** The container and its version, for test names and messages, e.g. {@code "Tomcat 10.1.61"}. */
    String name();

    /**
     * Starts {@code deployment}. Every filter is mapped to {@code /*} for {@code REQUEST} dispatches, in the order
     * given, and every filter and servlet supports async processing. A filter whose {@code init} throws either makes
     * this method throw or leaves the application unavailable, as the container does it.
     */
    Running start(Deployment deployment) throws Exception;

    /** A started deployment. */
    interface Running extends AutoCloseable {

        /** The loopback port it listens on. */
        int port();

        /** Stops the container and releases its port and threads. */
        @Override
        void close();
    }
}
