package dev.bulwark.waf.internal.audit;

import java.io.Closeable;
import java.io.IOException;

/** Where formatted audit lines go. Used by one thread only (the writer's); may buffer until {@link #flush}. */
interface AuditSink extends Closeable {

    /** Appends one line ({@code line} has no line break; ASCII only). */
    void write(String line) throws IOException;

    void flush() throws IOException;
}
