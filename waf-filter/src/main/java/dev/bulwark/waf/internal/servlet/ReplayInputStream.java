package dev.bulwark.waf.internal.servlet;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Gives the application the request body byte for byte: first the bytes held by a {@link SpooledBody} (in memory or
 * in its temporary file), then what the container still holds (ProcessPartial). Non-blocking reads are served only
 * for a wholly held body.
 */
final class ReplayInputStream extends ServletInputStream {

    private final SpooledBody body;
    private final byte[] one = new byte[1];
    private long position;
    private boolean finished;

    ReplayInputStream(SpooledBody body) {
        this.body = body;
    }

    @Override
    public int read() throws IOException {
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (position < body.length()) {
            int n = body.read(position, b, off, len);
            if (n > 0) {
                position += n;
                return n;
            }
        }
        InputStream rest = body.rest();
        int n = rest == null ? -1 : rest.read(b, off, len);
        finished = n < 0;
        return n;
    }

    @Override
    public int available() throws IOException {
        long held = body.length() - position;
        InputStream rest = body.rest();
        if (held > 0 || rest == null) {
            return (int) Math.min(Integer.MAX_VALUE, held);
        }
        return rest.available();
    }

    @Override
    public boolean isFinished() {
        return finished || (position >= body.length() && body.rest() == null);
    }

    @Override
    public boolean isReady() {
        return true;
    }

    /**
     * Reports the held bytes at once (they are all available, in memory or on local disk) and the end of data. A body
     * with bytes still in the container (ProcessPartial past the limit) cannot be read without blocking through this
     * stream.
     */
    @Override
    public void setReadListener(ReadListener listener) {
        if (body.rest() != null) {
            throw new IllegalStateException(
                    "non-blocking read of a request body larger than the WAF request body limit is not supported");
        }
        try {
            if (position < body.length()) {
                listener.onDataAvailable();
            }
            if (isFinished()) {
                listener.onAllDataRead();
            }
        } catch (IOException e) {
            listener.onError(e);
        }
    }
}
