package dev.bulwark.waf.internal.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.Part;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
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
 * through {@link #getInputStream()} and {@link #getReader()}, and what the container would parse from it (it would
 * find its stream consumed) is parsed here from the held body: parameters from the query string and a form POST,
 * and multipart parts ({@link #getParts()}, with the servlet's multipart configuration; their form fields are
 * parameters too, as containers make them). Text is decoded with the request's character encoding, UTF-8 when it
 * names none.
 */
final class ReplayingRequest extends HttpServletRequestWrapper {

    private static final String FORM_TYPE = "application/x-www-form-urlencoded";
    private static final String MULTIPART_TYPE = "multipart/form-data";

    private final SpooledBody body;
    private final ServletResponse response;
    private FormDataParts form;
    private ReplayInputStream stream;
    private BufferedReader reader;
    private Map<String, String[]> parameters;

    /** @param response the container's response, for {@link #startAsync()} */
    ReplayingRequest(HttpServletRequest request, ServletResponse response, SpooledBody body) {
        super(request);
        this.response = response;
        this.body = body;
    }

    /**
     * Starts async processing with this request, so that {@code AsyncContext.getRequest()} replays the body too (the
     * container's own request would show a consumed stream).
     */
    @Override
    public AsyncContext startAsync() {
        return getRequest().startAsync(this, response);
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

    /**
     * The parts, parsed from the held body the way the rules saw them. As the Servlet API says: a
     * {@link ServletException} when the request is not multipart/form-data or its body cannot be parsed, an
     * {@link IllegalStateException} when the servlet has no multipart configuration or a limit of it is exceeded.
     */
    @Override
    public Collection<Part> getParts() throws IOException, ServletException {
        return Collections.unmodifiableList(form().parts());
    }

    @Override
    public Part getPart(String name) throws IOException, ServletException {
        for (HeldPart p : form().parts()) {
            if (p.getName().equals(name)) {
                return p;
            }
        }
        return null;
    }

    private FormDataParts form() throws IOException, ServletException {
        if (form == null) {
            if (!isMultipart()) {
                throw new ServletException("the request is not multipart/form-data");
            }
            MultipartConfigElement config = FormDataParts.configOf(this);
            if (config == null) {
                throw new IllegalStateException("the servlet has no multipart configuration"
                        + " (@MultipartConfig or <multipart-config>)");
            }
            form = FormDataParts.parse(body, Inspection.byteString(getContentType()), charsetOrUtf8(), config,
                    FormDataParts.location(config, getServletContext()));
        }
        return form;
    }

    private Map<String, String[]> parameters() {
        if (parameters == null) {
            FormParameters p = new FormParameters(charsetOrUtf8());
            String query = getQueryString();
            if (query != null) {
                byte[] q = query.getBytes(StandardCharsets.ISO_8859_1);
                p.add(q, 0, q.length);
            }
            if (isFormPost()) {
                try {
                    body.holdRest();
                    try (InputStream in = body.open(0, body.length())) {
                        byte[] all = in.readAllBytes();
                        p.add(all, 0, all.length);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the request body for its parameters", e);
                }
            } else if (isMultipart() && FormDataParts.configOf(this) != null) {
                try {
                    form().addFields(p);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the request body for its parameters", e);
                } catch (ServletException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            }
            parameters = p.toMap();
        }
        return parameters;
    }

    private Charset charsetOrUtf8() {
        try {
            return charset();
        } catch (UnsupportedEncodingException e) {
            return StandardCharsets.UTF_8;
        }
    }

    private boolean isMultipart() {
        String type = getContentType();
        return type != null && AsciiCase.matchesAt(type, 0, MULTIPART_TYPE);
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
