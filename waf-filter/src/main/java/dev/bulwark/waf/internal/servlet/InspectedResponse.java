package dev.bulwark.waf.internal.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UnsupportedEncodingException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.Objects;

/**
 * The response the application writes to when responses are inspected. It holds the output back until the moment
 * the container would commit the response (the buffer overflows, a flush, {@code sendError}, {@code sendRedirect},
 * the declared Content-Length reached, or the application done), runs phase 3 there over the status and headers,
 * then:
 * <ul>
 * <li>when the rules interrupt, drops the application's output and lets the WAF answer instead; later output is
 * swallowed;</li>
 * <li>when the body is to be inspected, keeps holding it (up to {@code SecResponseBodyLimit}), runs phase 4 when the
 * application is done, and only then sends it, with its real Content-Length, or the WAF's answer;</li>
 * <li>otherwise sends what it held and streams the rest straight to the container, without copying.</li>
 * </ul>
 * From phase 3 on, the response behaves as committed towards the application ({@link #isCommitted()} is true,
 * header changes are ignored, {@code reset} throws), as the container's would: what phase 3 saw is what is sent.
 * A flush while the body is held for phase 4 is deferred, so the body cannot leave before the rules saw it.
 *
 * <p>The writer encodes with the response's character encoding at the time {@link #getWriter()} is called and pins
 * it in Content-Type (as containers do for their own writer); later charset changes are ignored.
 *
 * <p>Asynchronous requests are not inspected: when the application starts async processing (see
 * {@link DispatchWatchingRequest}), what is held goes to the container and everything after passes straight through.
 * Not thread-safe, like the container's response before async processing starts.
 */
final class InspectedResponse extends HttpServletResponseWrapper {

    private enum State {
        /** Before phase 3: output held, up to the buffer size. */
        OPEN,
        /** Phase 3 passed and the body is inspected: output held for phase 4, up to the body limit. */
        HOLDING_BODY,
        /** Phase 3 passed: output goes to the container. */
        STREAMING,
        /** The WAF answered instead of the application: its output goes nowhere. */
        ANSWERED,
        /** Not inspected (async): everything goes to the container as the application does it. */
        PASS_THROUGH
    }

    private enum Output { NONE, STREAM, WRITER }

    /** What bytes arriving from the writer's encoder are for while the filter empties it. */
    private enum Drain { NONE, KEEP, DROP }

    /** Servlet 6.1's {@code sendRedirect(String, int, boolean)}, when the container has it. */
    private static final MethodHandle SEND_REDIRECT_WITH_STATUS = sendRedirectWithStatus();

    private final HttpServletResponse container;
    private final ResponsePhases phases;
    private final boolean headRequest;
    private final HeldBytes held = new HeldBytes();
    private final BodyStream stream = new BodyStream();

    private State state = State.OPEN;
    private boolean headersInspected;
    private boolean bodyPhaseRun;
    private boolean completed;
    private Drain drain = Drain.NONE;
    /** The writer is closing: the flush its encoder does first is part of the close, not a commit. */
    private boolean writerClosing;
    /** Body bytes written since the last reset, to tell when the declared Content-Length is reached. */
    private long written;
    private long declaredLength = -1;
    private Output output = Output.NONE;
    private PrintWriter writer;
    private String writerEncoding;
    private ServletOutputStream containerStream;

    InspectedResponse(HttpServletResponse container, ResponsePhases phases, boolean headRequest) {
        super(container);
        this.container = container;
        this.phases = phases;
        this.headRequest = headRequest;
    }

    // ---- driven by the filter ----

    /** The application returned: phase 3 if still due, phase 4, then the held output or the WAF's answer. */
    void complete() throws IOException {
        complete(false, true);
    }

    /**
     * Stops inspecting (async processing started): what is held goes to the container, and everything after passes
     * straight through. Does nothing once the WAF answered or the response is complete.
     */
    void passThrough(String why) throws IOException {
        if (state == State.PASS_THROUGH || state == State.ANSWERED || completed) {
            return;
        }
        phases.notInspected(why);
        state = State.PASS_THROUGH;
        releaseHeld();
    }

    /**
     * A forward is about to write a new response: the output held so far is dropped and the target may choose the
     * stream or the writer afresh, as the container allows; headers stay. Throws when already committed, as
     * {@code forward} must.
     */
    void beforeForward() {
        if (state == State.PASS_THROUGH) {
            return;
        }
        requireOpen();
        drainWriter(Drain.DROP);
        held.clear();
        written = 0;
        output = Output.NONE;
        writer = null;
        writerEncoding = null;
    }

    /** Whether {@code response} is this one or wraps it. */
    boolean isSameOrWrappedBy(ServletResponse response) {
        return response == this || (response instanceof ServletResponseWrapper w && w.isWrapperFor(this));
    }

    // ---- output ----

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (output == Output.WRITER) {
            throw new IllegalStateException("getWriter() has already been called for this response");
        }
        if (output == Output.NONE && state == State.PASS_THROUGH) {
            return container.getOutputStream();
        }
        output = Output.STREAM;
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (output == Output.STREAM) {
            throw new IllegalStateException("getOutputStream() has already been called for this response");
        }
        if (writer == null) {
            if (state == State.PASS_THROUGH) {
                return container.getWriter();
            }
            String encoding = container.getCharacterEncoding();
            if (encoding == null || encoding.isBlank()) {
                encoding = "ISO-8859-1";
            }
            Charset charset = charset(encoding);
            writerEncoding = encoding;
            if (!frozen()) {
                pinWriterEncoding();
            }
            writer = new ClosingWriter(charset);
            output = Output.WRITER;
        }
        return writer;
    }

    @Override
    public void flushBuffer() throws IOException {
        drainWriter(Drain.KEEP);
        if (state == State.OPEN) {
            commitPoint();
        }
        if (state == State.STREAMING || state == State.PASS_THROUGH) {
            // The container's flush: the application may hold the container's own writer (async, or after a
            // container-made error page), which the container's stream would refuse.
            container.flushBuffer();
        }
    }

    @Override
    public boolean isCommitted() {
        return frozen() || container.isCommitted();
    }

    @Override
    public void resetBuffer() {
        if (state == State.PASS_THROUGH) {
            drainWriter(Drain.DROP);
            container.resetBuffer();
            return;
        }
        requireOpen();
        drainWriter(Drain.DROP);
        held.clear();
        written = 0;
        container.resetBuffer();
    }

    @Override
    public void reset() {
        if (state != State.PASS_THROUGH) {
            requireOpen();
            held.clear();
            written = 0;
            declaredLength = -1;
        }
        drainWriter(Drain.DROP);
        output = Output.NONE;
        writer = null;
        writerEncoding = null;
        container.reset();
    }

    @Override
    public void setBufferSize(int size) {
        if (state != State.PASS_THROUGH) {
            requireOpen();
            if (held.length() > 0) {
                throw new IllegalStateException("content has already been written to this response");
            }
        }
        container.setBufferSize(size);
    }

    @Override
    public void sendError(int sc) throws IOException {
        if (beforeContainerAnswers(sc, null, true)) {
            container.sendError(sc);
        }
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        if (beforeContainerAnswers(sc, null, true)) {
            container.sendError(sc, msg);
        }
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        if (beforeContainerAnswers(SC_FOUND, location, true)) {
            container.sendRedirect(location);
        }
    }

    /** Servlet 6.1 (no {@code @Override}: compiled against 6.0); on older containers nothing calls it. */
    public void sendRedirect(String location, int sc, boolean clearBuffer) throws IOException {
        if (SEND_REDIRECT_WITH_STATUS == null) {
            throw new UnsupportedOperationException("sendRedirect(String, int, boolean) needs Servlet 6.1");
        }
        if (beforeContainerAnswers(sc, location, clearBuffer)) {
            try {
                SEND_REDIRECT_WITH_STATUS.invoke(container, location, sc, clearBuffer);
            } catch (IOException | RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IOException(e);
            }
        }
    }

    /** Servlet 6.1. */
    public void sendRedirect(String location, int sc) throws IOException {
        sendRedirect(location, sc, true);
    }

    /** Servlet 6.1. */
    public void sendRedirect(String location, boolean clearBuffer) throws IOException {
        sendRedirect(location, SC_FOUND, clearBuffer);
    }

    // ---- status and headers: frozen from phase 3 on, as a committed response's are ----

    @Override
    public void setStatus(int sc) {
        if (!frozen()) {
            container.setStatus(sc);
        }
    }

    @Override
    public void setHeader(String name, String value) {
        if (frozen()) {
            return;
        }
        if (isContentType(name)) {
            setContentType(value);
            return;
        }
        container.setHeader(name, value);
        noteLength(name, value);
    }

    @Override
    public void addHeader(String name, String value) {
        if (frozen()) {
            return;
        }
        if (isContentType(name)) {
            setContentType(value);
            return;
        }
        container.addHeader(name, value);
        noteLength(name, value);
    }

    @Override
    public void setIntHeader(String name, int value) {
        if (!frozen()) {
            container.setIntHeader(name, value);
            noteLength(name, Integer.toString(value));
        }
    }

    @Override
    public void addIntHeader(String name, int value) {
        if (!frozen()) {
            container.addIntHeader(name, value);
            noteLength(name, Integer.toString(value));
        }
    }

    @Override
    public void setDateHeader(String name, long date) {
        if (!frozen()) {
            container.setDateHeader(name, date);
        }
    }

    @Override
    public void addDateHeader(String name, long date) {
        if (!frozen()) {
            container.addDateHeader(name, date);
        }
    }

    @Override
    public void addCookie(Cookie cookie) {
        if (!frozen()) {
            container.addCookie(cookie);
        }
    }

    @Override
    public void setContentLength(int len) {
        setContentLengthLong(len);
    }

    @Override
    public void setContentLengthLong(long len) {
        if (!frozen()) {
            container.setContentLengthLong(len);
            declaredLength = len;
        }
    }

    @Override
    public void setContentType(String type) {
        if (frozen()) {
            return;
        }
        container.setContentType(type);
        if (writerEncoding != null && type != null) {
            pinWriterEncoding();
        }
    }

    @Override
    public void setCharacterEncoding(String charset) {
        if (!frozen() && writerEncoding == null) {
            container.setCharacterEncoding(charset);
        }
    }

    /** Servlet 6.1. */
    public void setCharacterEncoding(Charset charset) {
        setCharacterEncoding(charset == null ? null : charset.name());
    }

    @Override
    public void setLocale(Locale loc) {
        if (frozen()) {
            return;
        }
        container.setLocale(loc);
        if (writerEncoding != null) {
            pinWriterEncoding();
        }
    }

    // ---- the flow ----

    /** From phase 3 on (unless passing through), the application sees a committed response. */
    private boolean frozen() {
        return headersInspected && state != State.PASS_THROUGH;
    }

    /**
     * Names the writer's encoding in Content-Type, as containers do for their own writer, so the client decodes what
     * the writer encodes. JSON is left alone: its media type defines no charset parameter (RFC 8259 11).
     */
    private void pinWriterEncoding() {
        if (!isJson(container.getContentType())) {
            container.setCharacterEncoding(writerEncoding);
        }
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String mime = (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
        return AsciiCase.equalsLower(mime, "application/json") || AsciiCase.equalsLower(mime, "text/json")
                || (mime.length() > 5 && AsciiCase.matchesAt(mime, mime.length() - 5, "+json"));
    }

    private void requireOpen() {
        if (state != State.OPEN) {
            throw new IllegalStateException("the response has already been committed");
        }
    }

    /**
     * Before {@code sendError} or {@code sendRedirect}: phase 3 on the status (and Location) the container is about
     * to send. Returns true when the container is to go on with it.
     */
    private boolean beforeContainerAnswers(int status, String location, boolean clearBuffer) throws IOException {
        if (state == State.PASS_THROUGH) {
            return true;
        }
        requireOpen();
        if (clearBuffer) {
            drainWriter(Drain.DROP);
            held.clear();
            written = 0;
        } else {
            drainWriter(Drain.KEEP);
        }
        inspectHeaders(status, location);
        if (state == State.ANSWERED) {
            return false;
        }
        // The container writes this body itself (its error page, or what was kept for the redirect): not inspected.
        state = State.STREAMING;
        releaseHeld();
        return true;
    }

    /** Phase 3; afterwards the state says where output goes. */
    private void inspectHeaders(int status, String location) throws IOException {
        headersInspected = true;
        switch (phases.headers(status, location)) {
            case ANSWERED -> answered();
            case INSPECT_BODY -> {
                state = State.HOLDING_BODY;
                if (held.length() > phases.bodyLimit()) {
                    overLimit();
                }
            }
            case STREAM -> state = State.STREAMING;
        }
    }

    /** Where the container would commit the response: phase 3, and when streaming, what was held goes out. */
    private void commitPoint() throws IOException {
        inspectHeaders(container.getStatus(), null);
        if (state == State.STREAMING) {
            releaseHeld();
        }
    }

    /** Bytes from the application (through the stream or the writer). */
    private void accept(byte[] b, int off, int len) throws IOException {
        switch (state) {
            case OPEN -> {
                if (held.length() + (long) len > openCapacity()) {
                    commitPoint();
                    accept(b, off, len);
                    return;
                }
                held.append(b, off, len);
                written += len;
                if (declaredLength >= 0 && written >= declaredLength) {
                    complete(false, false);
                }
            }
            case HOLDING_BODY -> hold(b, off, len);
            case STREAMING, PASS_THROUGH -> containerStream().write(b, off, len);
            case ANSWERED -> {
                // The WAF answered: the application's output goes nowhere.
            }
        }
    }

    /** The container's buffer size: what it would hold before committing. */
    private long openCapacity() {
        return Math.min(Math.max(0, container.getBufferSize()), SpooledBody.MAX_IN_MEMORY);
    }

    private void hold(byte[] b, int off, int len) throws IOException {
        written += len;
        int room = phases.bodyLimit() - held.length();
        if (len <= room) {
            held.append(b, off, len);
            if (declaredLength >= 0 && written >= declaredLength) {
                complete(false, false);
            }
            return;
        }
        held.append(b, off, room);
        overLimit();
        if (state == State.STREAMING) {
            containerStream().write(b, off + room, len - room);
        }
    }

    /**
     * The body outgrew the limit: Reject answers 500; ProcessPartial runs phase 4 on the first {@code limit} bytes
     * now and, unless that blocks, streams everything.
     */
    private void overLimit() throws IOException {
        if (phases.rejectsOversizedBody()) {
            answered();
            phases.bodyTooLarge();
            return;
        }
        bodyPhaseRun = true;
        if (phases.body(held.array(), Math.min(held.length(), phases.bodyLimit()))) {
            answered();
            return;
        }
        state = State.STREAMING;
        releaseHeld();
    }

    /**
     * The application is done with the body (returned, closed the output, or wrote the declared length): phase 3 if
     * still due, phase 4, then what is held goes out, or the WAF's answer.
     *
     * @param closeContainer the application closed its output: close the container's
     * @param drainWriter whether the writer may still hold text (false when it is the writer that is calling)
     */
    private void complete(boolean closeContainer, boolean drainWriter) throws IOException {
        if (!completed && state != State.PASS_THROUGH) {
            completed = true;
            if (drainWriter) {
                drainWriter(Drain.KEEP);
            }
            if (state == State.OPEN) {
                inspectHeaders(container.getStatus(), null);
            }
            if (state == State.HOLDING_BODY) {
                bodyPhaseRun = true;
                if (phases.body(held.array(), held.length())) {
                    answered();
                } else {
                    if (!headRequest && mayHaveBody(container.getStatus())) {
                        container.setContentLengthLong(held.length());
                    }
                    state = State.STREAMING;
                    releaseHeld();
                }
            } else if (state == State.STREAMING) {
                if (!bodyPhaseRun) {
                    bodyPhaseRun = true;
                    if (phases.body(null, 0)) {
                        answered();
                    }
                }
                releaseHeld();
            }
        }
        if (closeContainer && (state == State.STREAMING || state == State.PASS_THROUGH)) {
            containerStream().close();
        }
    }

    private void flushOutput() throws IOException {
        switch (state) {
            case OPEN -> {
                commitPoint();
                if (state == State.STREAMING) {
                    containerStream().flush();
                }
            }
            case STREAMING, PASS_THROUGH -> containerStream().flush();
            case HOLDING_BODY, ANSWERED -> {
                // Held for phase 4: flushing now would send the body before the rules saw it. Answered: nothing to.
            }
        }
    }

    private void answered() {
        state = State.ANSWERED;
        held.discard();
    }

    private void releaseHeld() throws IOException {
        if (state == State.ANSWERED) {
            held.discard();
        } else if (held.length() > 0) {
            held.releaseTo(containerStream());
        }
    }

    /** Empties the writer's encoder into the stream, keeping or dropping the bytes; never an application flush. */
    private void drainWriter(Drain mode) {
        if (writer == null) {
            return;
        }
        drain = mode;
        try {
            writer.flush();
        } finally {
            drain = Drain.NONE;
        }
    }

    private ServletOutputStream containerStream() throws IOException {
        if (containerStream == null) {
            containerStream = container.getOutputStream();
        }
        return containerStream;
    }

    private void noteLength(String name, String value) {
        if (name == null || !AsciiCase.equalsLower(name, "content-length")) {
            return;
        }
        try {
            declaredLength = value == null ? -1 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            declaredLength = -1;
        }
    }

    private static boolean isContentType(String name) {
        return name != null && AsciiCase.equalsLower(name, "content-type");
    }

    /** 1xx, 204 and 304 responses have no body (RFC 9110 6.4.1), so no Content-Length is added to them. */
    private static boolean mayHaveBody(int status) {
        return status >= 200 && status != 204 && status != 304;
    }

    private static Charset charset(String encoding) throws UnsupportedEncodingException {
        try {
            return Charset.forName(encoding.trim());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new UnsupportedEncodingException(encoding);
        }
    }

    private static MethodHandle sendRedirectWithStatus() {
        try {
            return MethodHandles.publicLookup().findVirtual(HttpServletResponse.class, "sendRedirect",
                    MethodType.methodType(void.class, String.class, int.class, boolean.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }

    /**
     * The writer handed to the application. Closing an {@link OutputStreamWriter} flushes the stream before closing
     * it; that flush must not commit the response as an application's flush would (the container would still know
     * the whole length and send Content-Length).
     */
    private final class ClosingWriter extends PrintWriter {
        ClosingWriter(Charset charset) {
            super(new OutputStreamWriter(stream, charset), false);
        }

        @Override
        public void close() {
            writerClosing = true;
            try {
                super.close();
            } finally {
                writerClosing = false;
            }
        }
    }

    /** The stream handed to the application (and under its writer). */
    private final class BodyStream extends ServletOutputStream {

        private final byte[] one = new byte[1];

        @Override
        public void write(int b) throws IOException {
            one[0] = (byte) b;
            write(one, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (drain == Drain.DROP || len == 0) {
                return;
            }
            accept(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            if (drain == Drain.NONE && !writerClosing) {
                flushOutput();
            }
        }

        @Override
        public void close() throws IOException {
            if (drain == Drain.NONE) {
                complete(true, false);
            }
        }

        @Override
        public boolean isReady() {
            if (state != State.STREAMING && state != State.PASS_THROUGH) {
                return true;
            }
            try {
                return containerStream().isReady();
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            if (state != State.STREAMING && state != State.PASS_THROUGH) {
                throw new IllegalStateException("non-blocking output needs an asynchronous request");
            }
            try {
                containerStream().setWriteListener(listener);
            } catch (IOException e) {
                throw new IllegalStateException("the container's output stream is not available", e);
            }
        }
    }
}
