package dev.bulwark.waf.internal.engine;

import dev.bulwark.waf.EngineMode;
import java.util.List;
import java.util.Set;

/**
 * The engine configuration that SecLang directives (and the builder) set: immutable, part of the compiled rule set.
 *
 * @param requestBodyLimit largest request body accepted, in bytes ({@code SecRequestBodyLimit})
 * @param requestBodyNoFilesLimit largest request body without file uploads ({@code SecRequestBodyNoFilesLimit})
 * @param requestBodyInMemoryLimit bytes kept in memory before spilling to a temporary file
 * @param rejectOversizedBody true for {@code SecRequestBodyLimitAction Reject} (413), false for ProcessPartial
 * @param argumentsLimit most arguments parsed from a request ({@code SecArgumentsLimit})
 * @param jsonDepthLimit deepest JSON nesting accepted ({@code SecRequestBodyJsonDepthLimit})
 */
public record EngineSettings(
        EngineMode engineMode,
        boolean requestBodyAccess,
        long requestBodyLimit,
        long requestBodyNoFilesLimit,
        long requestBodyInMemoryLimit,
        boolean rejectOversizedBody,
        boolean responseBodyAccess,
        long responseBodyLimit,
        boolean rejectOversizedResponseBody,
        Set<String> responseBodyMimeTypes,
        int argumentsLimit,
        int jsonDepthLimit,
        char argumentSeparator,
        List<String> componentSignatures) {

    public static final long DEFAULT_REQUEST_BODY_LIMIT = 13_107_200;
    public static final long DEFAULT_NO_FILES_LIMIT = 131_072;

    public EngineSettings {
        responseBodyMimeTypes = Set.copyOf(responseBodyMimeTypes);
        componentSignatures = List.copyOf(componentSignatures);
    }

    /** ModSecurity's defaults, except that the engine is On and request bodies are inspected. */
    public static EngineSettings defaults() {
        return new EngineSettings(EngineMode.ON, true, DEFAULT_REQUEST_BODY_LIMIT, DEFAULT_NO_FILES_LIMIT,
                131_072, true, false, 524_288, true, Set.of("text/plain", "text/html"), 1000, 512, '&',
                List.of());
    }
}
