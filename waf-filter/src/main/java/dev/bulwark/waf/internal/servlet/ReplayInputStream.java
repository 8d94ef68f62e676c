package dev.bulwark.waf.internal.servlet;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Gives the application the request body byte for byte: first the bytes held by a {@link BufferedBody}, then what
 * the container still holds (ProcessPartial). Non-blocking reads are served only for a wholly held body.
 */
final class ReplayInputStream extends ServletInputStream {

    private final BufferedBody body;
    private int position;
    private boolean finished;

    ReplayInputStream(BufferedBody body) {
        this.body = body;
    }

    @Override
    public int read() throws IOException {
        if (position < body.length()) {
            return body.array()[position++] & 0xff;
        }
        InputStream rest = body.rest();
        int b = rest == null ? -1 : rest.read();
        finished = b < 0;
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int held = body.length() - position;
        if (held > 0) {
            int n = Math.min(held, len);
            System.arraycopy(body.array(), position, b, off, n);
            position += n;
            return n;
        }
        InputStream rest = body.rest();
        int n = rest == null ? -1 : rest.read(b, off, len);
        finished = n < 0;
        return n;
    }

    @Override
    public int available() throws IOException {
        int held = body.length() - position;
        InputStream rest = body.rest();
        return held > 0 || rest == null ? held : rest.available();
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
     * Reports the held bytes at once (they are all available) and the end of data. A body with bytes still in the
     * container (ProcessPartial past the limit) cannot be read without blocking through this stream.
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
