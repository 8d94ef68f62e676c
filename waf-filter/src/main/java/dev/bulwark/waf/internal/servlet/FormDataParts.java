package dev.bulwark.waf.internal.servlet;

import dev.bulwark.waf.internal.body.MultipartParser;
import dev.bulwark.waf.internal.body.MultipartPart;
import dev.bulwark.waf.internal.body.MultipartResult;
import dev.bulwark.waf.internal.body.MultipartSession;
import jakarta.servlet.annotation.MultipartConfig;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The parts of a multipart/form-data body the filter holds, for the application's {@code getParts()}: the container
 * cannot parse a body the filter already read, so the filter parses it again from its held copy, with the same
 * parser the rules saw it through (so the application gets exactly the parts that were inspected), and applies the
 * servlet's multipart configuration ({@code maxRequestSize}, {@code maxFileSize}, {@code location}).
 */
final class FormDataParts {

    /** Where Jetty (ee10) puts the servlet's multipart configuration for the request being served. */
    private static final String JETTY_CONFIG_ATTRIBUTE = "org.eclipse.jetty.multipartConfig";
    private static final MultipartParser PARSER = new MultipartParser();
    private static final int CHUNK = 16 * 1024;

    private final List<HeldPart> parts;
    private final Charset defaultCharset;

    private FormDataParts(List<HeldPart> parts, Charset defaultCharset) {
        this.parts = parts;
        this.defaultCharset = defaultCharset;
    }

    /**
     * Parses {@code body} (all of it: what the container still holds is taken in first).
     *
     * @param contentType the request's Content-Type, as a byte string
     * @param charset the request's character encoding, UTF-8 when it names none
     * @throws IllegalStateException when the body or a part is over the configuration's limits (as the Servlet API
     *     says)
     * @throws ServletException when the body is not valid multipart/form-data
     */
    static FormDataParts parse(SpooledBody body, String contentType, Charset charset, MultipartConfigElement config,
            Path location) throws IOException, ServletException {
        body.holdRest();
        if (config.getMaxRequestSize() > 0 && body.length() > config.getMaxRequestSize()) {
            throw new IllegalStateException("multipart/form-data request of " + body.length()
                    + " bytes is larger than the servlet's maxRequestSize (" + config.getMaxRequestSize() + ")");
        }
        MultipartSession session = PARSER.start(contentType);
        byte[] chunk = new byte[CHUNK];
        try (InputStream in = body.open(0, body.length())) {
            for (int n; (n = in.read(chunk)) != -1; ) {
                session.feed(chunk, 0, n);
            }
        }
        MultipartResult result = session.finish();
        if (result.hasError()) {
            throw new ServletException("the multipart/form-data body cannot be parsed: " + result.errorMessage());
        }
        List<HeldPart> parts = new ArrayList<>(result.parts().size());
        for (MultipartPart p : result.parts()) {
            if (config.getMaxFileSize() > 0 && p.size() > config.getMaxFileSize()) {
                throw new IllegalStateException("part of " + p.size()
                        + " bytes is larger than the servlet's maxFileSize (" + config.getMaxFileSize() + ")");
            }
            parts.add(new HeldPart(body, p, charset, location));
        }
        Charset fields = result.charset().map(FormDataParts::charsetOrNull).orElse(null);
        return new FormDataParts(Collections.unmodifiableList(parts), fields != null ? fields : charset);
    }

    List<HeldPart> parts() {
        return parts;
    }

    /**
     * Adds each form field (parts without a file name) to {@code out}, decoded with the part's own charset, else the
     * {@code _charset_} field's, else the request's.
     */
    void addFields(FormParameters out) {
        for (HeldPart p : parts) {
            String value = p.fieldValue();
            if (value == null) {
                continue;
            }
            Charset cs = partCharset(p.getContentType());
            out.addValue(p.getName(), new String(value.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                    cs != null ? cs : defaultCharset));
        }
    }

    private static Charset partCharset(String contentType) {
        if (contentType == null) {
            return null;
        }
        int at = AsciiCase.indexOf(contentType, "charset=");
        if (at < 0) {
            return null;
        }
        String name = contentType.substring(at + "charset=".length());
        int end = name.indexOf(';');
        return charsetOrNull((end < 0 ? name : name.substring(0, end)).trim().replace("\"", ""));
    }

    private static Charset charsetOrNull(String name) {
        try {
            return Charset.forName(name.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The multipart configuration of the servlet serving {@code req}, or null when it has none: Jetty's request
     * attribute (web.xml {@code <multipart-config>} or the annotation), else the servlet class's
     * {@link MultipartConfig} annotation (any container).
     */
    static MultipartConfigElement configOf(HttpServletRequest req) {
        if (req.getAttribute(JETTY_CONFIG_ATTRIBUTE) instanceof MultipartConfigElement config) {
            return config;
        }
        try {
            HttpServletMapping mapping = req.getHttpServletMapping();
            ServletContext context = req.getServletContext();
            if (mapping == null || context == null || mapping.getServletName() == null) {
                return null;
            }
            ServletRegistration registration = context.getServletRegistration(mapping.getServletName());
            if (registration == null || registration.getClassName() == null) {
                return null;
            }
            ClassLoader loader = context.getClassLoader();
            if (loader == null) {
                loader = Thread.currentThread().getContextClassLoader();
            }
            Class<?> type = Class.forName(registration.getClassName(), false, loader);
            MultipartConfig annotation = type.getAnnotation(MultipartConfig.class);
            return annotation == null ? null : new MultipartConfigElement(annotation);
        } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
            return null;
        }
    }

    /** Where {@code Part.write} puts relative names: the config's location, else the container's temporary folder. */
    static Path location(MultipartConfigElement config, ServletContext context) {
        String location = config.getLocation();
        Path base = null;
        if (context != null && context.getAttribute(ServletContext.TEMPDIR) instanceof File dir) {
            base = dir.toPath();
        }
        if (base == null) {
            base = Path.of(System.getProperty("java.io.tmpdir"));
        }
        if (location == null || location.isEmpty()) {
            return base;
        }
        Path configured = Path.of(location);
        return configured.isAbsolute() ? configured : base.resolve(configured);
    }
}
