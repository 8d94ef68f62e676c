package dev.bulwark.waf.internal.servlet;

import dev.bulwark.waf.internal.body.MultipartPart;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One part of a multipart/form-data body the filter holds, as the Servlet API shows it: its bytes are read straight
 * from the request's {@link SpooledBody} (memory or temporary file), never copied, so they go when the request ends,
 * as a container's own part files do. Header values and names are decoded with the request's character encoding
 * (UTF-8 when it names none), the way browsers send them.
 */
final class HeldPart implements Part {

    private final SpooledBody body;
    private final MultipartPart part;
    private final Charset headerCharset;
    private final Path location;
    private volatile boolean deleted;

    /**
     * @param location where {@link #write} puts a relative file name: the multipart config's location, or the
     *     container's temporary directory
     */
    HeldPart(SpooledBody body, MultipartPart part, Charset headerCharset, Path location) {
        this.body = body;
        this.part = part;
        this.headerCharset = headerCharset;
        this.location = location;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        if (deleted) {
            throw new IOException("part '" + getName() + "' was deleted");
        }
        return body.open(part.dataOffset(), part.size());
    }

    @Override
    public String getContentType() {
        return getHeader("Content-Type");
    }

    @Override
    public String getName() {
        return decode(part.name());
    }

    @Override
    public String getSubmittedFileName() {
        return part.filename() == null ? null : decode(part.filename());
    }

    @Override
    public long getSize() {
        return part.size();
    }

    /** Copies the part's bytes to {@code fileName}, relative to the multipart config's location unless absolute. */
    @Override
    public void write(String fileName) throws IOException {
        Path target = Path.of(fileName);
        if (!target.isAbsolute()) {
            target = location.resolve(target);
        }
        try (InputStream in = getInputStream()) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Forgets the part: its bytes are the request's held body, which the filter deletes (file included) when the
     * request ends.
     */
    @Override
    public void delete() {
        deleted = true;
    }

    @Override
    public String getHeader(String name) {
        String value = part.header(name);
        return value == null ? null : decode(value);
    }

    @Override
    public Collection<String> getHeaders(String name) {
        String value = getHeader(name);
        return value == null ? List.of() : List.of(value);
    }

    @Override
    public Collection<String> getHeaderNames() {
        List<String> names = new ArrayList<>(part.headerNames().size());
        for (String n : part.headerNames()) {
            names.add(decode(n));
        }
        return names;
    }

    /** A field's value (a byte string), or null for a file part. */
    String fieldValue() {
        return part.isFile() ? null : part.value();
    }

    MultipartPart parsed() {
        return part;
    }

    private String decode(String byteString) {
        if (headerCharset == StandardCharsets.ISO_8859_1) {
            return byteString;
        }
        return new String(byteString.getBytes(StandardCharsets.ISO_8859_1), headerCharset);
    }

    @Override
    public String toString() {
        return "Part[" + part + "]";
    }
}
