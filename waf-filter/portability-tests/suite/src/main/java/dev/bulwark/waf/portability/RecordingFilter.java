package dev.bulwark.waf.portability;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;

/**
 * First in the chain, in front of the WAF: once the chain has unwound, files the WAF's log lines of the request under
 * its {@link TestApp#KEY_HEADER}. On request, wraps the request or the response so that reading headers throws,
 * which simulates a failure inside the WAF ({@link TestApp#EXPLODE_HEADER},
 * {@link TestApp#EXPLODE_RESPONSE_HEADER}).
 */
final class RecordingFilter implements Filter {

    private final TestApp app;

    RecordingFilter(TestApp app) {
        this.app = app;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        String key = req.getHeader(TestApp.KEY_HEADER);
        try {
            chain.doFilter(req.getHeader(TestApp.EXPLODE_HEADER) == null ? req : new ExplodingRequest(req),
                    req.getHeader(TestApp.EXPLODE_RESPONSE_HEADER) == null ? response
                            : new ExplodingResponse((HttpServletResponse) response));
        } finally {
            if (key != null) {
                @SuppressWarnings("unchecked")
                List<String> lines = (List<String>) req.getAttribute(TestApp.LINES_ATTRIBUTE);
                app.recordLines(key, lines == null ? List.of("<no lines attribute>") : List.copyOf(lines));
            }
        }
    }

    private static final class ExplodingRequest extends HttpServletRequestWrapper {
        ExplodingRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            throw new IllegalStateException("simulated failure while the WAF reads the request");
        }
    }

    private static final class ExplodingResponse extends HttpServletResponseWrapper {
        ExplodingResponse(HttpServletResponse response) {
            super(response);
        }

        @Override
        public Collection<String> getHeaders(String name) {
            throw new IllegalStateException("simulated failure while the WAF reads the response");
        }
    }
}
