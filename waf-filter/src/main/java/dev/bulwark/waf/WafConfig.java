package dev.bulwark.waf;

import dev.bulwark.waf.internal.audit.AuditSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to build a {@link RuleSet} and run the filter: the rule sources, in order, and the settings that the rules
 * may override with SecLang directives. Immutable; create with {@link #builder()}.
 */
public final class WafConfig {

    private final List<RuleSource> ruleSources;
    private final EngineMode engineMode;
    private final Long requestBodyLimit;
    private final Boolean requestBodyAccess;
    private final Long requestBodyNoFilesLimit;
    private final Long requestBodyInMemoryLimit;
    private final BodyLimitAction requestBodyLimitAction;
    private final Integer argumentsLimit;
    private final Integer jsonDepthLimit;
    private final Path temporaryDirectory;
    private final Boolean responseBodyAccess;
    private final Long responseBodyLimit;
    private final BodyLimitAction responseBodyLimitAction;
    private final List<String> responseBodyMimeTypes;
    private final FailMode failMode;
    private final AuditEngine auditEngine;
    private final Path auditLog;
    private final String auditLogParts;
    private final Long auditLogMaxFileBytes;
    private final Integer auditLogKeepFiles;
    private final boolean auditLogRedaction;
    private final List<String> auditLogRedactedHeaders;
    private final List<String> auditLogRedactedNames;

    private WafConfig(Builder b) {
        this.ruleSources = List.copyOf(b.ruleSources);
        this.engineMode = b.engineMode;
        this.requestBodyLimit = b.requestBodyLimit;
        this.requestBodyAccess = b.requestBodyAccess;
        this.requestBodyNoFilesLimit = b.requestBodyNoFilesLimit;
        this.requestBodyInMemoryLimit = b.requestBodyInMemoryLimit;
        this.requestBodyLimitAction = b.requestBodyLimitAction;
        this.argumentsLimit = b.argumentsLimit;
        this.jsonDepthLimit = b.jsonDepthLimit;
        this.temporaryDirectory = b.temporaryDirectory;
        this.responseBodyAccess = b.responseBodyAccess;
        this.responseBodyLimit = b.responseBodyLimit;
        this.responseBodyLimitAction = b.responseBodyLimitAction;
        this.responseBodyMimeTypes = b.responseBodyMimeTypes == null ? null : List.copyOf(b.responseBodyMimeTypes);
        this.failMode = b.failMode == null ? FailMode.CLOSED : b.failMode;
        this.auditEngine = b.auditEngine;
        this.auditLog = b.auditLog;
        this.auditLogParts = b.auditLogParts;
        this.auditLogMaxFileBytes = b.auditLogMaxFileBytes;
        this.auditLogKeepFiles = b.auditLogKeepFiles;
        this.auditLogRedaction = !b.auditLogWithoutRedaction;
        this.auditLogRedactedHeaders = List.copyOf(b.auditLogRedactedHeaders);
        this.auditLogRedactedNames = List.copyOf(b.auditLogRedactedNames);
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<RuleSource> ruleSources() {
        return ruleSources;
    }

    /**
     * The engine mode to use, or null to take {@code SecRuleEngine} from the rules (On when they set none). When set,
     * it wins over the rules, so operators can switch a deployment to DetectionOnly without editing rule files.
     */
    public EngineMode engineMode() {
        return engineMode;
    }

    /** The request body limit in bytes overriding {@code SecRequestBodyLimit}, or null. */
    public Long requestBodyLimit() {
        return requestBodyLimit;
    }

    /** Whether request bodies are inspected, overriding {@code SecRequestBodyAccess}, or null. */
    public Boolean requestBodyAccess() {
        return requestBodyAccess;
    }

    /** The limit overriding {@code SecRequestBodyNoFilesLimit} (body bytes, multipart file contents aside), or null. */
    public Long requestBodyNoFilesLimit() {
        return requestBodyNoFilesLimit;
    }

    /** The in-memory limit overriding {@code SecRequestBodyInMemoryLimit}, or null. */
    public Long requestBodyInMemoryLimit() {
        return requestBodyInMemoryLimit;
    }

    /** The action overriding {@code SecRequestBodyLimitAction}, or null. */
    public BodyLimitAction requestBodyLimitAction() {
        return requestBodyLimitAction;
    }

    /** The limit overriding {@code SecArgumentsLimit}, or null. */
    public Integer argumentsLimit() {
        return argumentsLimit;
    }

    /** The limit overriding {@code SecRequestBodyJsonDepthLimit}, or null. */
    public Integer jsonDepthLimit() {
        return jsonDepthLimit;
    }

    /** The setting overriding {@code SecResponseBodyAccess}, or null. */
    public Boolean responseBodyAccess() {
        return responseBodyAccess;
    }

    /** The limit overriding {@code SecResponseBodyLimit}, or null. */
    public Long responseBodyLimit() {
        return responseBodyLimit;
    }

    /** The action overriding {@code SecResponseBodyLimitAction}, or null. */
    public BodyLimitAction responseBodyLimitAction() {
        return responseBodyLimitAction;
    }

    /** The MIME types replacing {@code SecResponseBodyMimeType}'s list, or null. */
    public List<String> responseBodyMimeTypes() {
        return responseBodyMimeTypes;
    }

    /** The directory overriding {@code SecTmpDir} for spooled request bodies, or null. */
    public Path temporaryDirectory() {
        return temporaryDirectory;
    }

    public FailMode failMode() {
        return failMode;
    }

    /** The audit engine overriding {@code SecAuditEngine}, or null. */
    public AuditEngine auditEngine() {
        return auditEngine;
    }

    /** The audit log file overriding {@code SecAuditLog}, or null. */
    public Path auditLog() {
        return auditLog;
    }

    /** The audit log parts overriding {@code SecAuditLogParts}, or null. */
    public String auditLogParts() {
        return auditLogParts;
    }

    /** The size at which the audit log is rotated (0: never), or null for the default (100 MiB). */
    public Long auditLogMaxFileBytes() {
        return auditLogMaxFileBytes;
    }

    /** How many rotated audit log files are kept, or null for the default (10). */
    public Integer auditLogKeepFiles() {
        return auditLogKeepFiles;
    }

    /** Whether the audit log hides credentials and secret-looking arguments (true unless switched off). */
    public boolean auditLogRedaction() {
        return auditLogRedaction;
    }

    /** Header names whose values the audit log hides, besides the built-in ones. */
    public List<String> auditLogRedactedHeaders() {
        return auditLogRedactedHeaders;
    }

    /** RE2 patterns of argument names whose values the audit log hides, besides the built-in ones. */
    public List<String> auditLogRedactedNames() {
        return auditLogRedactedNames;
    }

    /** Builds a {@link WafConfig}; each setting may be given once, and {@link #build()} checks them. */
    public static final class Builder {
        private final List<RuleSource> ruleSources = new ArrayList<>();
        private EngineMode engineMode;
        private Long requestBodyLimit;
        private Boolean requestBodyAccess;
        private Long requestBodyNoFilesLimit;
        private Long requestBodyInMemoryLimit;
        private BodyLimitAction requestBodyLimitAction;
        private Integer argumentsLimit;
        private Integer jsonDepthLimit;
        private Path temporaryDirectory;
        private Boolean responseBodyAccess;
        private Long responseBodyLimit;
        private BodyLimitAction responseBodyLimitAction;
        private List<String> responseBodyMimeTypes;
        private FailMode failMode;
        private AuditEngine auditEngine;
        private Path auditLog;
        private String auditLogParts;
        private Long auditLogMaxFileBytes;
        private Integer auditLogKeepFiles;
        private boolean auditLogWithoutRedaction;
        private final List<String> auditLogRedactedHeaders = new ArrayList<>();
        private final List<String> auditLogRedactedNames = new ArrayList<>();

        private Builder() {}

        /** Adds rule sources, loaded in the order they are added. */
        public Builder rules(RuleSource... sources) {
            for (RuleSource s : sources) {
                ruleSources.add(Objects.requireNonNull(s, "rule source"));
            }
            return this;
        }

        /** Adds rules given in the notation of {@link RuleSource#parse}. */
        public Builder rules(String... specs) {
            for (String s : specs) {
                ruleSources.add(RuleSource.parse(Objects.requireNonNull(s, "rule source")));
            }
            return this;
        }

        public Builder engineMode(EngineMode mode) {
            if (engineMode != null) {
                throw new IllegalStateException("engineMode was already set to " + engineMode);
            }
            engineMode = Objects.requireNonNull(mode, "engineMode");
            return this;
        }

        public Builder requestBodyLimit(long bytes) {
            if (requestBodyLimit != null) {
                throw new IllegalStateException("requestBodyLimit was already set to " + requestBodyLimit);
            }
            if (bytes < 0) {
                throw new IllegalArgumentException("requestBodyLimit must be >= 0, not " + bytes);
            }
            requestBodyLimit = bytes;
            return this;
        }

        public Builder requestBodyAccess(boolean on) {
            if (requestBodyAccess != null) {
                throw new IllegalStateException("requestBodyAccess was already set to " + requestBodyAccess);
            }
            requestBodyAccess = on;
            return this;
        }

        /**
         * The most request body bytes inspected, multipart file contents aside (the whole body for other types); wins
         * over {@code SecRequestBodyNoFilesLimit}. Beyond it, {@link #requestBodyLimitAction} decides.
         */
        public Builder requestBodyNoFilesLimit(long bytes) {
            if (requestBodyNoFilesLimit != null) {
                throw new IllegalStateException("requestBodyNoFilesLimit was already set to "
                        + requestBodyNoFilesLimit);
            }
            if (bytes < 0) {
                throw new IllegalArgumentException("requestBodyNoFilesLimit must be >= 0, not " + bytes);
            }
            requestBodyNoFilesLimit = bytes;
            return this;
        }

        /**
         * The most request body bytes held in memory; a longer body is spooled to a temporary file (owner-only, deleted
         * when the request ends). Wins over {@code SecRequestBodyInMemoryLimit}.
         */
        public Builder requestBodyInMemoryLimit(long bytes) {
            if (requestBodyInMemoryLimit != null) {
                throw new IllegalStateException("requestBodyInMemoryLimit was already set to "
                        + requestBodyInMemoryLimit);
            }
            if (bytes < 0) {
                throw new IllegalArgumentException("requestBodyInMemoryLimit must be >= 0, not " + bytes);
            }
            requestBodyInMemoryLimit = bytes;
            return this;
        }

        /** What happens to a body over either limit; wins over {@code SecRequestBodyLimitAction}. */
        public Builder requestBodyLimitAction(BodyLimitAction action) {
            if (requestBodyLimitAction != null) {
                throw new IllegalStateException("requestBodyLimitAction was already set to " + requestBodyLimitAction);
            }
            requestBodyLimitAction = Objects.requireNonNull(action, "requestBodyLimitAction");
            return this;
        }

        /** The most arguments parsed from one request; wins over {@code SecArgumentsLimit}. */
        public Builder argumentsLimit(int count) {
            if (argumentsLimit != null) {
                throw new IllegalStateException("argumentsLimit was already set to " + argumentsLimit);
            }
            if (count < 0) {
                throw new IllegalArgumentException("argumentsLimit must be >= 0, not " + count);
            }
            argumentsLimit = count;
            return this;
        }

        /** The deepest JSON nesting accepted; wins over {@code SecRequestBodyJsonDepthLimit}. */
        public Builder jsonDepthLimit(int depth) {
            if (jsonDepthLimit != null) {
                throw new IllegalStateException("jsonDepthLimit was already set to " + jsonDepthLimit);
            }
            if (depth < 0) {
                throw new IllegalArgumentException("jsonDepthLimit must be >= 0, not " + depth);
            }
            jsonDepthLimit = depth;
            return this;
        }

        /** Whether responses of the listed MIME types are held for phase 4; wins over {@code SecResponseBodyAccess}. */
        public Builder responseBodyAccess(boolean on) {
            if (responseBodyAccess != null) {
                throw new IllegalStateException("responseBodyAccess was already set to " + responseBodyAccess);
            }
            responseBodyAccess = on;
            return this;
        }

        /** The most response body bytes held for phase 4; wins over {@code SecResponseBodyLimit}. */
        public Builder responseBodyLimit(long bytes) {
            if (responseBodyLimit != null) {
                throw new IllegalStateException("responseBodyLimit was already set to " + responseBodyLimit);
            }
            if (bytes < 0) {
                throw new IllegalArgumentException("responseBodyLimit must be >= 0, not " + bytes);
            }
            responseBodyLimit = bytes;
            return this;
        }

        /** What happens to a response body over the limit; wins over {@code SecResponseBodyLimitAction}. */
        public Builder responseBodyLimitAction(BodyLimitAction action) {
            if (responseBodyLimitAction != null) {
                throw new IllegalStateException("responseBodyLimitAction was already set to "
                        + responseBodyLimitAction);
            }
            responseBodyLimitAction = Objects.requireNonNull(action, "responseBodyLimitAction");
            return this;
        }

        /**
         * The response MIME types (e.g. {@code text/html}) whose bodies are inspected, replacing the list of
         * {@code SecResponseBodyMimeType}.
         */
        public Builder responseBodyMimeTypes(String... mimeTypes) {
            if (responseBodyMimeTypes != null) {
                throw new IllegalStateException("responseBodyMimeTypes was already set to " + responseBodyMimeTypes);
            }
            List<String> types = new ArrayList<>();
            for (String t : mimeTypes) {
                String v = Objects.requireNonNull(t, "mime type").trim();
                if (v.isEmpty() || v.indexOf('/') <= 0 || v.contains(";") || v.contains(" ")) {
                    throw new IllegalArgumentException("not a MIME type (type/subtype, no parameters): '" + t + "'");
                }
                types.add(v.toLowerCase(java.util.Locale.ROOT));
            }
            responseBodyMimeTypes = types;
            return this;
        }

        /**
         * Where request bodies over the in-memory limit are spooled; wins over {@code SecTmpDir} (default:
         * {@code java.io.tmpdir}). {@link RuleSet#compile} checks that it is a writable directory.
         */
        public Builder temporaryDirectory(Path dir) {
            if (temporaryDirectory != null) {
                throw new IllegalStateException("temporaryDirectory was already set to " + temporaryDirectory);
            }
            temporaryDirectory = Objects.requireNonNull(dir, "temporaryDirectory");
            return this;
        }

        public Builder failMode(FailMode mode) {
            if (failMode != null) {
                throw new IllegalStateException("failMode was already set to " + failMode);
            }
            failMode = Objects.requireNonNull(mode, "failMode");
            return this;
        }

        /** Which transactions the audit log records; wins over {@code SecAuditEngine}. */
        public Builder auditEngine(AuditEngine engine) {
            if (auditEngine != null) {
                throw new IllegalStateException("auditEngine was already set to " + auditEngine);
            }
            auditEngine = Objects.requireNonNull(engine, "auditEngine");
            return this;
        }

        /**
         * The audit log file (one JSON line per recorded transaction); wins over {@code SecAuditLog}. Without a file
         * (here or in the rules) nothing is written.
         */
        public Builder auditLog(Path file) {
            if (auditLog != null) {
                throw new IllegalStateException("auditLog was already set to " + auditLog);
            }
            auditLog = Objects.requireNonNull(file, "auditLog");
            return this;
        }

        /** The sections written ({@code ABCFHKZ}...); wins over {@code SecAuditLogParts}. */
        public Builder auditLogParts(String parts) {
            if (auditLogParts != null) {
                throw new IllegalStateException("auditLogParts was already set to " + auditLogParts);
            }
            Objects.requireNonNull(parts, "auditLogParts");
            try {
                AuditSettings.checkParts(parts);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("auditLogParts: " + e.getMessage(), e);
            }
            auditLogParts = parts.trim();
            return this;
        }

        /**
         * Rotation: when the audit log would grow past {@code maxFileBytes}, it becomes {@code file.1} (older ones
         * shift up to {@code file.keepFiles}, the oldest is deleted). {@code maxFileBytes} 0 never rotates (leave it
         * to logrotate with copytruncate). Default: 100 MiB, 10 files.
         */
        public Builder auditLogRotation(long maxFileBytes, int keepFiles) {
            if (auditLogMaxFileBytes != null) {
                throw new IllegalStateException("auditLogRotation was already set to " + auditLogMaxFileBytes + "/"
                        + auditLogKeepFiles);
            }
            if (maxFileBytes < 0 || keepFiles < 1) {
                throw new IllegalArgumentException("auditLogRotation needs maxFileBytes >= 0 and keepFiles >= 1, not "
                        + maxFileBytes + "/" + keepFiles);
            }
            auditLogMaxFileBytes = maxFileBytes;
            auditLogKeepFiles = keepFiles;
            return this;
        }

        /** Also hides the values of these request and response headers in the audit log (names, any case). */
        public Builder auditLogRedactHeaders(String... names) {
            for (String n : names) {
                auditLogRedactedHeaders.add(Objects.requireNonNull(n, "header name"));
            }
            return this;
        }

        /**
         * Also hides the values of arguments (query, form, JSON and multipart fields, cookies) whose name matches one
         * of these RE2 patterns, searched in the name with ASCII case ignored (e.g. {@code "^pin$"}, {@code "iban"}).
         */
        public Builder auditLogRedactNames(String... patterns) {
            for (String p : patterns) {
                Objects.requireNonNull(p, "name pattern");
                try {
                    AuditSettings.checkNamePattern(p);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("auditLogRedactNames: " + e.getMessage(), e);
                }
                auditLogRedactedNames.add(p);
            }
            return this;
        }

        /**
         * Unsafe: writes credentials (Authorization, Cookie...) and secret-looking arguments (password, token,
         * card numbers...) to the audit log as they were sent. The audit log is then as sensitive as the
         * application's user database, and anyone who can read it can take over sessions. Only for short debugging
         * sessions on test systems.
         */
        public Builder unsafeAuditLogWithoutRedaction() {
            auditLogWithoutRedaction = true;
            return this;
        }

        public WafConfig build() {
            if (ruleSources.isEmpty()) {
                throw new IllegalStateException("no rules: add at least one rule source with rules(...)");
            }
            return new WafConfig(this);
        }
    }
}
