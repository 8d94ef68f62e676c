package dev.bulwark.waf.internal.servlet;

import java.io.IOException;

/**
 * What {@link InspectedResponse} asks of the request's inspection: run the response phases over the container's
 * response, and answer in its place when the rules (or the limits) say so. Every answer is written on the
 * container's response after a {@code reset()}, so nothing the application set reaches the client with it.
 */
interface ResponsePhases {

    /** What becomes of the response body once phase 3 has run. */
    enum AfterHeaders {
        /** The WAF answered instead; the application's output is dropped. */
        ANSWERED,
        /** Hold the body for phase 4 ({@code SecResponseBodyAccess On} and a listed MIME type). */
        INSPECT_BODY,
        /** Send the body as it comes; phase 4 runs without {@code RESPONSE_BODY}. */
        STREAM
    }

    /**
     * Phase 3 over the container response's headers as they stand, with {@code status}.
     *
     * @param location the target of a {@code sendRedirect} not yet made, seen as the {@code Location} header, or null
     */
    AfterHeaders headers(int status, String location) throws IOException;

    /**
     * Phase 4. {@code body[0, length)} is the response body (or its first {@link #bodyLimit()} bytes), or
     * {@code body} is null when the body is not inspected.
     *
     * @return true when the WAF answered instead
     */
    boolean body(byte[] body, int length) throws IOException;

    /** The largest response body inspected, in bytes ({@code SecResponseBodyLimit}, capped to what memory holds). */
    int bodyLimit();

    /** Whether a body over the limit is refused ({@code Reject} with the engine On) rather than partly inspected. */
    boolean rejectsOversizedBody();

    /** Logs the oversized body and answers 500 instead of the response. */
    void bodyTooLarge() throws IOException;

    /** Notes (at DEBUG) that the response goes out uninspected, and why. */
    void notInspected(String why);
}
