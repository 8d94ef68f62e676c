package dev.bulwark.waf.internal.variables;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The table of SecLang variables Bulwark provides, by name. A collection takes a key selector
 * ({@code ARGS:name}, {@code ARGS:/regex/}); a scalar does not. The engine fetches values by switching on this enum,
 * so adding a variable means adding it here and to the transaction's lookup, nothing else.
 */
public enum Variable {
    ARGS(true),
    ARGS_GET(true),
    ARGS_POST(true),
    ARGS_NAMES(true),
    ARGS_GET_NAMES(true),
    ARGS_POST_NAMES(true),
    ARGS_COMBINED_SIZE(false),
    REQUEST_HEADERS(true),
    REQUEST_HEADERS_NAMES(true),
    REQUEST_COOKIES(true),
    REQUEST_COOKIES_NAMES(true),
    REQUEST_METHOD(false),
    REQUEST_URI(false),
    REQUEST_URI_RAW(false),
    REQUEST_FILENAME(false),
    REQUEST_BASENAME(false),
    REQUEST_LINE(false),
    REQUEST_PROTOCOL(false),
    QUERY_STRING(false),
    REQUEST_BODY(false),
    REQUEST_BODY_LENGTH(false),
    REQBODY_PROCESSOR(false),
    REQBODY_ERROR(false),
    REQBODY_ERROR_MSG(false),
    REQBODY_PROCESSOR_ERROR(false),
    REQBODY_PROCESSOR_ERROR_MSG(false),
    INBOUND_DATA_ERROR(false),
    REMOTE_ADDR(false),
    REMOTE_HOST(false),
    REMOTE_PORT(false),
    SERVER_ADDR(false),
    SERVER_NAME(false),
    SERVER_PORT(false),
    UNIQUE_ID(false),
    RESPONSE_STATUS(false),
    RESPONSE_PROTOCOL(false),
    RESPONSE_HEADERS(true),
    RESPONSE_HEADERS_NAMES(true),
    RESPONSE_BODY(false),
    RESPONSE_CONTENT_TYPE(false),
    RESPONSE_CONTENT_LENGTH(false),
    TX(true),
    /** The parsed XML body; the key is an XPath-lite expression ({@code XML:/*}, {@code XML://@*}). */
    XML(true),
    /** Multipart file parts: key = part name, value = the file name the client gave. */
    FILES(true),
    FILES_NAMES(true),
    FILES_SIZES(true),
    FILES_COMBINED_SIZE(false),
    /** Every header line of every multipart part, keyed by the part name. */
    MULTIPART_PART_HEADERS(true),
    MULTIPART_NAME(false),
    MULTIPART_FILENAME(false),
    MULTIPART_STRICT_ERROR(false),
    MULTIPART_CRLF_LF_LINES(false),
    MULTIPART_BOUNDARY_QUOTED(false),
    MULTIPART_BOUNDARY_WHITESPACE(false),
    MULTIPART_DATA_BEFORE(false),
    MULTIPART_DATA_AFTER(false),
    MULTIPART_HEADER_FOLDING(false),
    MULTIPART_LF_LINE(false),
    MULTIPART_MISSING_SEMICOLON(false),
    MULTIPART_INVALID_QUOTING(false),
    MULTIPART_INVALID_PART(false),
    MULTIPART_INVALID_HEADER_FOLDING(false),
    MULTIPART_FILE_LIMIT_EXCEEDED(false),
    MULTIPART_UNMATCHED_BOUNDARY(false),
    MATCHED_VAR(false),
    MATCHED_VAR_NAME(false),
    MATCHED_VARS(true),
    MATCHED_VARS_NAMES(true),
    DURATION(false),
    TIME(false),
    TIME_EPOCH(false),
    HIGHEST_SEVERITY(false),
    FULL_REQUEST_LENGTH(false),
    /** Transient collections created by {@code initcol}; see the engine for their (non-persistent) scope. */
    GLOBAL(true),
    IP(true),
    SESSION(true),
    USER(true),
    RESOURCE(true);

    private static final Map<String, Variable> BY_NAME = table();

    private final boolean collection;

    Variable(boolean collection) {
        this.collection = collection;
    }

    /** Whether the variable takes a key selector. */
    public boolean isCollection() {
        return collection;
    }

    /** Whether this is one of the collections {@code initcol} opens. */
    public boolean isPersistentCollection() {
        return this == GLOBAL || this == IP || this == SESSION || this == USER || this == RESOURCE;
    }

    private static Map<String, Variable> table() {
        Map<String, Variable> m = new TreeMap<>();
        for (Variable v : values()) {
            m.put(v.name(), v);
        }
        return Map.copyOf(m);
    }

    /** The variable called {@code name} (any case), or null. */
    public static Variable lookup(String name) {
        return BY_NAME.get(name.toUpperCase(Locale.ROOT));
    }
}
