package dev.bulwark.waf.internal.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The request handed to the application when responses are inspected. It tells the {@link InspectedResponse} of the
 * two things it cannot see from the response side:
 * <ul>
 * <li>async processing starting, before any other thread can write: the response then passes straight through, so
 * only the request thread ever used its inspection state (response phases are skipped for async requests);</li>
 * <li>a forward through {@link #getRequestDispatcher}: output held so far is cleared, as the container clears its own
 * buffer (containers such as Jetty clear the innermost response, which holds nothing while the WAF holds the
 * output). Dispatchers obtained from the {@code ServletContext} are not seen.</li>
 * </ul>
 */
final class DispatchWatchingRequest extends HttpServletRequestWrapper {

    private final InspectedResponse response;

    DispatchWatchingRequest(HttpServletRequest request, InspectedResponse response) {
        super(request);
        this.response = response;
    }

    /** As {@link ReplayingRequest#startAsync()}: the async context gets this request and the inspected response. */
    @Override
    public AsyncContext startAsync() {
        AsyncContext context = super.startAsync(this, response);
        stopInspecting();
        return context;
    }

    @Override
    public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
        AsyncContext context = super.startAsync(request, response);
        stopInspecting();
        return context;
    }

    @Override
    public RequestDispatcher getRequestDispatcher(String path) {
        RequestDispatcher target = super.getRequestDispatcher(path);
        return target == null ? null : new Dispatcher(target);
    }

    private void stopInspecting() {
        try {
            response.passThrough("asynchronous request, response phases 3 and 4 skipped");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hand the held response output to the container", e);
        }
    }

    /** Clears the held output before a forward to this response; includes pass as they are. */
    private final class Dispatcher implements RequestDispatcher {
        private final RequestDispatcher target;

        Dispatcher(RequestDispatcher target) {
            this.target = target;
        }

        @Override
        public void forward(ServletRequest request, ServletResponse res) throws ServletException, IOException {
            if (response.isSameOrWrappedBy(res)) {
                response.beforeForward();
            }
            target.forward(request, res);
        }

        @Override
        public void include(ServletRequest request, ServletResponse res) throws ServletException, IOException {
            target.include(request, res);
        }
    }
}
