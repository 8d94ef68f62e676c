package dev.bulwark.waf.internal.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The request handed to the application when responses are inspected: it tells the {@link InspectedResponse} when
 * async processing starts, before any other thread can write, so the response switches to passing straight through
 * while only the request thread uses it. Response phases are skipped for async requests (the response is completed
 * by the container after the filter has returned).
 */
final class AsyncWatchingRequest extends HttpServletRequestWrapper {

    private final InspectedResponse response;

    AsyncWatchingRequest(HttpServletRequest request, InspectedResponse response) {
        super(request);
        this.response = response;
    }

    @Override
    public AsyncContext startAsync() {
        AsyncContext context = super.startAsync();
        stopInspecting();
        return context;
    }

    @Override
    public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
        AsyncContext context = super.startAsync(request, response);
        stopInspecting();
        return context;
    }

    private void stopInspecting() {
        try {
            response.passThrough("asynchronous request, response phases 3 and 4 skipped");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hand the held response output to the container", e);
        }
    }
}
