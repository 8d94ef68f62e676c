package dev.bulwark.waf.internal.engine;

import dev.bulwark.waf.EngineMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The engine configuration that SecLang directives (and the builder) set: immutable, part of the compiled rule set.
 *
 * @param requestBodyLimit largest request body accepted, in bytes ({@code SecRequestBodyLimit})
 * @param requestBodyNoFilesLimit largest request body without file uploads ({@code SecRequestBodyNoFilesLimit})
 * @param requestBodyInMemoryLimit bytes of a request body held in memory; a longer body is spooled to a temporary
 *     file ({@code SecRequestBodyInMemoryLimit})
 * @param temporaryDirectory where spooled bodies go ({@code SecTmpDir}), or null for {@code java.io.tmpdir}
 * @param rejectOversizedBody true for {@code SecRequestBodyLimitAction Reject} (413), false for ProcessPartial
 *     (both limits: {@code SecRequestBodyLimit} and {@code SecRequestBodyNoFilesLimit})
 * @param argumentsLimit most arguments parsed from a request ({@code SecArgumentsLimit})
 * @param jsonDepthLimit deepest JSON nesting accepted ({@code SecRequestBodyJsonDepthLimit})
 */
public record EngineSettings(
        EngineMode engineMode,
        boolean requestBodyAccess,
        long requestBodyLimit,
        long requestBodyNoFilesLimit,
        long requestBodyInMemoryLimit,
        Path temporaryDirectory,
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
    public static final long DEFAULT_IN_MEMORY_LIMIT = 131_072;
    public static final int DEFAULT_ARGUMENTS_LIMIT = 1000;
    public static final int DEFAULT_JSON_DEPTH_LIMIT = 512;

    public EngineSettings {
        responseBodyMimeTypes = Set.copyOf(responseBodyMimeTypes);
        componentSignatures = List.copyOf(componentSignatures);
    }

    /** ModSecurity's defaults, except that the engine is On and request bodies are inspected. */
    public static EngineSettings defaults() {
        return new EngineSettings(EngineMode.ON, true, DEFAULT_REQUEST_BODY_LIMIT, DEFAULT_NO_FILES_LIMIT,
                DEFAULT_IN_MEMORY_LIMIT, null, true, false, 524_288, true, Set.of("text/plain", "text/html"),
                DEFAULT_ARGUMENTS_LIMIT, DEFAULT_JSON_DEPTH_LIMIT, '&', List.of());
    }
}
