package dev.bulwark.waf.internal.body;

import java.util.List;

/**
 * One parsed part of a multipart/form-data body. A part with a {@code filename} in its Content-Disposition is a file
 * (FILES, FILES_NAMES, FILES_SIZES); any other is a form field (ARGS_POST). All strings are byte strings. Immutable.
 */
public final class MultipartPart {

    private final String name;
    private final String filename;
    private final List<String> headerNames;
    private final List<String> headerValues;
    private final List<String> headerLines;
    private final String value;
    private final long size;
    private final String contentPrefix;
    private final long dataOffset;

    MultipartPart(String name, String filename, List<String> headerNames, List<String> headerValues,
            List<String> headerLines, String value, long size, String contentPrefix, long dataOffset) {
        this.name = name;
        this.filename = filename;
        this.headerNames = List.copyOf(headerNames);
        this.headerValues = List.copyOf(headerValues);
        this.headerLines = List.copyOf(headerLines);
        this.value = value;
        this.size = size;
        this.contentPrefix = contentPrefix;
        this.dataOffset = dataOffset;
    }

    /** The Content-Disposition {@code name} (the key of FILES, FILES_SIZES, MULTIPART_PART_HEADERS, ARGS_POST). */
    public String name() {
        return name;
    }

    /** The Content-Disposition {@code filename} (the FILES value), or null for a form field. */
    public String filename() {
        return filename;
    }

    public boolean isFile() {
        return filename != null;
    }

    /** A form field's value; null for a file. */
    public String value() {
        return value;
    }

    /** A file's content length (FILES_SIZES), or a form field's value length. */
    public long size() {
        return size;
    }

    /** The first bytes of a file's content, as many as {@link MultipartLimits#fileContentPrefix()} allows. */
    public String contentPrefix() {
        return contentPrefix;
    }

    /**
     * Where the part's data (a file's content, a field's value) starts in the body, as a byte offset; the data is the
     * {@link #size()} bytes from there, untouched (multipart content is never decoded). Lets a caller holding the body
     * hand each part's bytes to an application without copying them here.
     */
    public long dataOffset() {
        return dataOffset;
    }

    /**
     * The part's header lines as ModSecurity records them for MULTIPART_PART_HEADERS: each line without its line
     * ending, as received, except that a folded header becomes one line {@code "Name: value continued"}.
     */
    public List<String> headerLines() {
        return headerLines;
    }

    /** A header's value (name matched ignoring ASCII case), folded continuations joined with a space; or null. */
    public String header(String headerName) {
        for (int i = 0; i < headerNames.size(); i++) {
            if (MultipartSession.equalsIgnoreAsciiCase(headerNames.get(i), headerName)) {
                return headerValues.get(i);
            }
        }
        return null;
    }

    /** Header names in the order received. */
    public List<String> headerNames() {
        return headerNames;
    }

    @Override
    public String toString() {
        return (isFile() ? "file part " : "field part ") + ByteStrings.escape(name)
                + (isFile() ? " (" + ByteStrings.escape(filename) + ", " + size + " bytes)" : "");
    }
}
