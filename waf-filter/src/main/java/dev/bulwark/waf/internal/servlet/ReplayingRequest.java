package dev.bulwark.waf.internal.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.Part;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;

/**
 * The request handed to the application once its body was read for inspection: the body is replayed byte for byte
 * through {@link #getInputStream()} and {@link #getReader()}, and parameters are parsed here from the query string
 * and, for a form POST, the replayed body (the container would find its stream consumed). Text is decoded with the
 * request's character encoding, UTF-8 when it names none.
 */
final class ReplayingRequest extends HttpServletRequestWrapper {

    private static final String FORM_TYPE = "application/x-www-form-urlencoded";

    private final BufferedBody body;
    private final ServletResponse response;
    private ReplayInputStream stream;
    private BufferedReader reader;
    private Map<String, String[]> parameters;

    /** @param response the response handed to the application with this request (see {@link #startAsync()}) */
    ReplayingRequest(HttpServletRequest request, BufferedBody body, ServletResponse response) {
        super(request);
        this.body = body;
        this.response = response;
    }

    /**
     * The spec's {@code startAsync()} gives the async context the container's own request, whose body the WAF has
     * read: async code reading it (or its form parameters) would find nothing. The context gets this request instead,
     * which replays the body, with the response the application was given.
     */
    @Override
    public AsyncContext startAsync() {
        return startAsync(this, response);
    }

    @Override
    public ServletInputStream getInputStream() {
        if (reader != null) {
            throw new IllegalStateException("getReader() was already called for this request");
        }
        if (stream == null) {
            stream = new ReplayInputStream(body);
        }
        return stream;
    }

    @Override
    public BufferedReader getReader() throws UnsupportedEncodingException {
        if (reader == null) {
            if (stream != null) {
                throw new IllegalStateException("getInputStream() was already called for this request");
            }
            Charset charset = charset();
            stream = new ReplayInputStream(body);
            reader = new BufferedReader(new InputStreamReader(stream, charset));
        }
        return reader;
    }

    @Override
    public String getParameter(String name) {
        String[] v = parameters().get(name);
        return v == null ? null : v[0];
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        return parameters();
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return Collections.enumeration(parameters().keySet());
    }

    @Override
    public String[] getParameterValues(String name) {
        String[] v = parameters().get(name);
        return v == null ? null : v.clone();
    }

    /** The container cannot parse parts from a body it no longer holds; say so plainly. */
    @Override
    public Collection<Part> getParts() throws ServletException {
        throw new ServletException("multipart parts of a request body inspected by the WAF are not supported yet;"
                + " read the body with getInputStream()");
    }

    @Override
    public Part getPart(String name) throws ServletException {
        return getParts().iterator().next();
    }

    private Map<String, String[]> parameters() {
        if (parameters == null) {
            Charset charset;
            try {
                charset = charset();
            } catch (UnsupportedEncodingException e) {
                charset = StandardCharsets.UTF_8;
            }
            FormParameters p = new FormParameters(charset);
            String query = getQueryString();
            if (query != null) {
                byte[] q = query.getBytes(StandardCharsets.ISO_8859_1);
                p.add(q, 0, q.length);
            }
            if (isFormPost()) {
                try {
                    body.holdAll();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the request body for its parameters", e);
                }
                p.add(body.array(), 0, body.length());
            }
            parameters = p.toMap();
        }
        return parameters;
    }

    private boolean isFormPost() {
        String type = getContentType();
        return "POST".equals(getMethod()) && type != null
                && AsciiCase.matchesAt(type, 0, FORM_TYPE)
                && (type.length() == FORM_TYPE.length() || type.charAt(FORM_TYPE.length()) == ';'
                        || type.charAt(FORM_TYPE.length()) == ' ');
    }

    private Charset charset() throws UnsupportedEncodingException {
        String name = getCharacterEncoding();
        if (name == null || name.isBlank()) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(name.trim());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new UnsupportedEncodingException(name);
        }
    }
}
