package dev.bulwark.waf.portability;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One HTTP/1.1 connection over a plain socket: writes {@link RawRequest}s and reads responses (Content-Length,
 * chunked, or until the server closes), so a test controls keep-alive, pipelining and framing exactly and sees the
 * bytes the container sent. Reads time out after 20 s so that a hung container fails the test instead of the build.
 */
public final class HttpConnection implements AutoCloseable {

    /** The server closed the connection before sending any byte of a response. */
    public static final class ClosedByServer extends IOException {
        ClosedByServer(String message) {
            super(message);
        }
    }

    private static final int MAX_LINE = 64 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public HttpConnection(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
        socket.setSoTimeout(20_000);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        out = socket.getOutputStream();
    }

    /** Sends {@code request} and reads its response. */
    public Reply exchange(RawRequest request) throws IOException {
        send(request);
        return read(request.method());
    }

    public void send(RawRequest request) throws IOException {
        out.write(request.bytes());
        out.flush();
    }

    /** Reads one response (skipping 1xx interim responses) to a request made with {@code method}. */
    public Reply read(String method) throws IOException {
        while (true) {
            String statusLine;
            try {
                statusLine = line(true);
            } catch (SocketException e) {
                // A reset before the first byte is a close too (the server had unread request bytes).
                throw new ClosedByServer("connection reset before the response: " + e.getMessage());
            }
            if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
                throw new IOException("not an HTTP/1.x status line: " + statusLine);
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            for (String h; !(h = line(false)).isEmpty(); ) {
                int colon = h.indexOf(':');
                if (colon <= 0) {
                    throw new IOException("bad header line: " + h);
                }
                headers.add(Map.entry(h.substring(0, colon).trim(), h.substring(colon + 1).trim()));
            }
            if (status >= 100 && status < 200) {
                continue;
            }
            Reply head = new Reply(status, headers, new byte[0]);
            if ("HEAD".equals(method) || status == 204 || status == 304) {
                return head;
            }
            String te = head.header("Transfer-Encoding");
            String cl = head.header("Content-Length");
            byte[] body;
            if (te != null && te.toLowerCase(java.util.Locale.ROOT).contains("chunked")) {
                body = chunkedBody();
            } else if (cl != null) {
                body = in.readNBytes(Integer.parseInt(cl));
                if (body.length != Integer.parseInt(cl)) {
                    throw new IOException("body cut short: " + body.length + " of " + cl + " bytes");
                }
            } else {
                body = in.readAllBytes();
            }
            return new Reply(status, headers, body);
        }
    }

    /**
     * Whether the server closes the connection (EOF or reset) within {@code millis}, with no byte sent. Bytes
     * arriving instead are an error: nothing was asked.
     */
    public boolean closedByServerWithin(int millis) throws IOException {
        int old = socket.getSoTimeout();
        socket.setSoTimeout(millis);
        try {
            int b = in.read();
            if (b >= 0) {
                throw new IOException("unexpected byte from the server: " + b);
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        } finally {
            socket.setSoTimeout(old);
        }
    }

    private byte[] chunkedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(false);
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim(), 16);
            if (size == 0) {
                while (!line(false).isEmpty()) {
                    // trailers: not used by the tests
                }
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length != size) {
                throw new IOException("chunk cut short");
            }
            body.writeBytes(chunk);
            if (!line(false).isEmpty()) {
                throw new IOException("no CRLF after a chunk");
            }
        }
    }

    /** A CRLF-terminated line as ISO-8859-1; at the start of a response, EOF is {@link ClosedByServer}. */
    private String line(boolean responseStart) throws IOException {
        StringBuilder b = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                if (responseStart && b.length() == 0) {
                    throw new ClosedByServer("connection closed before the response");
                }
                throw new IOException("connection closed in the middle of a line: " + b);
            }
            if (c == '\n') {
                int end = b.length() > 0 && b.charAt(b.length() - 1) == '\r' ? b.length() - 1 : b.length();
                return b.substring(0, end);
            }
            if (b.length() >= MAX_LINE) {
                throw new IOException("line longer than " + MAX_LINE);
            }
            b.append((char) c);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a test socket: nothing to report
        }
    }

    /** One request on a connection of its own. */
    public static Reply once(int port, RawRequest request) throws IOException {
        try (HttpConnection c = new HttpConnection(port)) {
            return c.exchange(request);
        }
    }
}
