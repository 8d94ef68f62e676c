package dev.bulwark.waf.crs;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Sends a request exactly as given (bytes on a fresh TCP connection) and reads one HTTP/1.x response, the way go-ftw's
 * client does: anything that is not a parseable status line, or a connection that fails or stalls, is a transport
 * error. The body is read by Content-Length, chunked coding or to end of stream, so a server that keeps the connection
 * open does not stall the harness.
 */
public final class RawHttp {

    /** What came back: status, or -1 with the reason for a transport error; the local port identifies the exchange. */
    public record Exchange(int status, String error, int localPort) {

        boolean failed() {
            return status < 0;
        }
    }

    /** Called once the connection is open, before the request is written (e.g. to register the local port). */
    public interface PortListener {
        void connected(int localPort);
    }

    private final String host;
    private final int port;
    private final int timeoutMillis;

    public RawHttp(String host, int port, int timeoutMillis) {
        this.host = host;
        this.port = port;
        this.timeoutMillis = timeoutMillis;
    }

    public Exchange send(byte[] request, boolean headRequest, PortListener listener) {
        int localPort = -1;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            localPort = socket.getLocalPort();
            if (listener != null) {
                listener.connected(localPort);
            }
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // the server may answer (e.g. 400 or 413) and close before it read everything: read that answer
            }
            InputStream in = new BufferedInputStream(socket.getInputStream());
            return new Exchange(readResponse(in, headRequest), null, localPort);
        } catch (ProtocolError e) {
            return new Exchange(-1, e.getMessage(), localPort);
        } catch (IOException e) {
            return new Exchange(-1, e.getClass().getSimpleName() + ": " + e.getMessage(), localPort);
        }
    }

    private static int readResponse(InputStream in, boolean headRequest) throws IOException {
        while (true) {
            String statusLine = readLine(in);
            if (statusLine == null) {
                throw new ProtocolError("connection closed before a response");
            }
            if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
                throw new ProtocolError("malformed HTTP response: " + statusLine);
            }
            int status;
            try {
                status = Integer.parseInt(statusLine.substring(9, 12));
            } catch (NumberFormatException e) {
                throw new ProtocolError("malformed status line: " + statusLine);
            }
            long contentLength = -1;
            boolean chunked = false;
            for (String line; (line = readLine(in)) != null && !line.isEmpty(); ) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    throw new ProtocolError("malformed response header: " + line);
                }
                String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).trim();
                if (name.equals("content-length")) {
                    contentLength = Long.parseLong(value);
                } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                    chunked = true;
                }
            }
            if (status >= 100 && status < 200) {
                continue; // interim response (100 Continue): the real one follows
            }
            if (headRequest || status == 204 || status == 304) {
                return status;
            }
            if (chunked) {
                readChunked(in);
            } else if (contentLength >= 0) {
                skip(in, contentLength);
            } else {
                in.transferTo(OutputStream.nullOutputStream());
            }
            return status;
        }
    }

    private static void readChunked(InputStream in) throws IOException {
        while (true) {
            String sizeLine = readLine(in);
            if (sizeLine == null) {
                throw new ProtocolError("chunked body cut short");
            }
            int semi = sizeLine.indexOf(';');
            long size = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
            if (size == 0) {
                while (true) {
                    String trailer = readLine(in);
                    if (trailer == null || trailer.isEmpty()) {
                        return;
                    }
                }
            }
            skip(in, size);
            readLine(in);
        }
    }

    private static void skip(InputStream in, long n) throws IOException {
        long left = n;
        byte[] buf = new byte[8192];
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                throw new ProtocolError("response body cut short");
            }
            left -= r;
        }
    }

    /** One line without its CRLF/LF, ISO-8859-1; null at end of stream before any byte. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                byte[] bytes = b.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
            }
            b.write(c);
            if (b.size() > 65536) {
                throw new ProtocolError("response line over 64 KB");
            }
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    private static final class ProtocolError extends IOException {
        ProtocolError(String message) {
            super(message);
        }
    }
}
