package dev.bulwark.demo;

import java.io.OutputStream;
import java.io.PrintStream;

/** Starts the demo exactly as its command line does, for tests in other packages (the CRS end-to-end harness). */
public final class DemoForTests {

    private DemoForTests() {}

    /** A running demo; close it when done. */
    public interface Running extends AutoCloseable {
        int port();
    }

    /** Starts the demo with command-line {@code args}; fails with the demo's own error text when it cannot. */
    public static Running start(String... args) {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        DemoServer.Launch launch = DemoServer.launch(new PrintStream(OutputStream.nullOutputStream()),
                new PrintStream(err), args);
        if (launch.server() == null) {
            throw new IllegalStateException("demo did not start (exit " + launch.exitCode() + "): " + err);
        }
        DemoServer server = launch.server();
        return new Running() {
            @Override
            public int port() {
                return server.port();
            }

            @Override
            public void close() throws Exception {
                server.close();
            }
        };
    }
}
