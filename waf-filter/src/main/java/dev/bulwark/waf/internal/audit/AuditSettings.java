package dev.bulwark.waf.internal.audit;

import dev.bulwark.waf.AuditEngine;
import dev.bulwark.waf.EngineMode;
import dev.bulwark.waf.RuleLoadError;
import dev.bulwark.waf.RuleMatch;
import dev.bulwark.waf.SourceLocation;
import dev.bulwark.waf.Transaction;
import dev.bulwark.waf.WafConfig;
import dev.bulwark.waf.internal.regex.Regex;
import dev.bulwark.waf.internal.regex.RegexSyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The audit log configuration of a rule set: what the {@code SecAudit*} directives say, with the
 * {@link WafConfig.Builder} audit options winning over them. Immutable and thread-safe; reached through
 * {@link dev.bulwark.waf.RuleSet#auditSettings()}. It also decides, per transaction, whether and which parts are
 * recorded.
 *
 * <p>Directives (one argument each; a later one wins):
 * <dl>
 * <dt>{@code SecAuditEngine On|Off|RelevantOnly}</dt>
 * <dd>Default RelevantOnly. Without a log file nothing is written; an explicit On or RelevantOnly without one is a
 * load error.</dd>
 * <dt>{@code SecAuditLog PATH}</dt>
 * <dd>The file; a relative path is relative to the process's working directory. Piped logs are refused.</dd>
 * <dt>{@code SecAuditLogParts PARTS}</dt>
 * <dd>See {@link AuditParts}; default ABCFHKZ.</dd>
 * <dt>{@code SecAuditLogRelevantStatus REGEX}</dt>
 * <dd>RE2, searched in the status code as text. Default {@value #DEFAULT_RELEVANT_STATUS}: 5xx, and 4xx except 404.
 * ModSecurity's recommended {@code ^(?:5|4(?!04))} uses a lookahead, which RE2 does not have; that exact text is
 * read as the default, which matches the same strings (a status starting with 5; or a 4 not followed by "04"). Any
 * other pattern RE2 refuses is a load error. An empty pattern makes no status relevant.</dd>
 * <dt>{@code SecAuditLogFormat JSON}</dt>
 * <dd>Native is a load error: Bulwark writes JSON only.</dd>
 * <dt>{@code SecAuditLogType Serial}</dt>
 * <dd>Concurrent and HTTPS are load errors.</dd>
 * <dt>{@code SecAuditLogStorageDir DIR}</dt>
 * <dd>A load error: it only serves the Concurrent type.</dd>
 * <dt>{@code SecAuditLogFileMode OCTAL}</dt>
 * <dd>Permissions of a new log file, default 0640 (as libmodsecurity).</dd>
 * <dt>{@code SecAuditLogDirMode OCTAL}</dt>
 * <dd>Checked and accepted; no effect (Bulwark creates no directories).</dd>
 * </dl>
 */
public final class AuditSettings {

    /** 5xx, and 4xx except 404: the RE2 equivalent of ModSecurity's recommended {@code ^(?:5|4(?!04))}. */
    public static final String DEFAULT_RELEVANT_STATUS = "^(?:5|4(?:[^0]|0[^4]|0?$))";
    /** ModSecurity's recommended pattern, read as {@link #DEFAULT_RELEVANT_STATUS}. */
    static final String RECOMMENDED_PCRE_STATUS = "^(?:5|4(?!04))";
    public static final long DEFAULT_MAX_FILE_BYTES = 100L * 1024 * 1024;
    public static final int DEFAULT_KEEP_FILES = 10;
    public static final int DEFAULT_FILE_MODE = 0640;

    private static final SourceLocation CONFIG = new SourceLocation("WafConfig", 0);

    private final AuditEngine engine;
    private final Path path;
    private final AuditParts parts;
    private final String relevantStatusSource;
    private final Regex relevantStatus;
    private final int fileMode;
    private final List<String> components;
    private final Redaction redaction;
    private final long maxFileBytes;
    private final int keepFiles;

    private AuditSettings(Builder b, Redaction redaction) {
        this.engine = b.engine;
        this.path = b.path;
        this.parts = b.parts;
        this.relevantStatusSource = b.relevantStatusSource;
        this.relevantStatus = b.relevantStatus;
        this.fileMode = b.fileMode;
        this.components = List.copyOf(b.components);
        this.redaction = redaction;
        this.maxFileBytes = b.maxFileBytes;
        this.keepFiles = b.keepFiles;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The settings of a rule set without audit directives or options: RelevantOnly, no file (so nothing written). */
    public static AuditSettings defaults() {
        return new Builder().build(new java.util.ArrayList<>());
    }

    public AuditEngine engine() {
        return engine;
    }

    /** The log file, or null when none is configured (then nothing is written). */
    public Path path() {
        return path;
    }

    public AuditParts parts() {
        return parts;
    }

    /** The relevant-status pattern as configured ("" for none). */
    public String relevantStatus() {
        return relevantStatusSource;
    }

    int fileMode() {
        return fileMode;
    }

    List<String> components() {
        return components;
    }

    Redaction redaction() {
        return redaction;
    }

    long maxFileBytes() {
        return maxFileBytes;
    }

    int keepFiles() {
        return keepFiles;
    }

    // ---- per-transaction decisions ----

    /** The audit engine for {@code tx}: its {@code ctl:auditEngine}, else the configured one. */
    AuditEngine engineFor(Transaction tx) {
        String override = tx.auditEngineOverride();
        if (override != null) {
            try {
                return AuditEngine.parse(override);
            } catch (IllegalArgumentException e) {
                // ctl values are checked at load; keep the configured engine if one slipped through
            }
        }
        return engine;
    }

    /** The parts for {@code tx}: the configured ones changed by its {@code ctl:auditLogParts}. */
    AuditParts partsFor(Transaction tx) {
        return parts.apply(tx.auditLogPartsOverride());
    }

    /**
     * Whether {@code tx}, answered with {@code status}, is recorded: never when the rule engine was off for it;
     * always with the audit engine On; with RelevantOnly when a match is marked for the audit log ({@code auditlog})
     * or the status is relevant.
     */
    boolean shouldRecord(Transaction tx, int status) {
        if (tx.engineMode() == EngineMode.OFF) {
            return false;
        }
        return switch (engineFor(tx)) {
            case OFF -> false;
            case ON -> true;
            case RELEVANT_ONLY -> isRelevantStatus(status) || hasAuditLoggedMatch(tx);
        };
    }

    /** Whether {@code SecAuditLogRelevantStatus} matches {@code status}. */
    boolean isRelevantStatus(int status) {
        return status > 0 && relevantStatusFinds(Integer.toString(status));
    }

    /** Whether the relevant-status pattern is found in {@code text}. */
    boolean relevantStatusFinds(String text) {
        return relevantStatus != null && relevantStatus.find(text);
    }

    private static boolean hasAuditLoggedMatch(Transaction tx) {
        for (RuleMatch m : tx.matches()) {
            if (m.auditLogged()) {
                return true;
            }
        }
        return false;
    }

    // ---- checks for WafConfig.Builder ----

    /** Throws IllegalArgumentException when {@code parts} is not a parts string. */
    public static void checkParts(String parts) {
        AuditParts.parse(parts);
    }

    /** Throws IllegalArgumentException when {@code pattern} is not a valid RE2 redaction pattern. */
    public static void checkNamePattern(String pattern) {
        Redaction.checkNamePattern(pattern);
    }

    @Override
    public String toString() {
        return "AuditSettings[engine=" + engine.secLang() + ", path=" + path + ", parts=" + parts
                + ", relevantStatus=" + relevantStatusSource + ", redaction=" + redaction.enabled() + "]";
    }

    /** Collects the directives, then the {@link WafConfig} options; not thread-safe. */
    public static final class Builder {
        private AuditEngine engine = AuditEngine.RELEVANT_ONLY;
        /** Where the engine was switched on explicitly, or null. */
        private SourceLocation engineSetAt;
        private Path path;
        private AuditParts parts = AuditParts.DEFAULT;
        private String relevantStatusSource = DEFAULT_RELEVANT_STATUS;
        private Regex relevantStatus = compileStatus(DEFAULT_RELEVANT_STATUS);
        private int fileMode = DEFAULT_FILE_MODE;
        private List<String> components = List.of();
        private boolean redaction = true;
        private List<String> redactedHeaders = List.of();
        private List<String> redactedNames = List.of();
        private long maxFileBytes = DEFAULT_MAX_FILE_BYTES;
        private int keepFiles = DEFAULT_KEEP_FILES;

        private Builder() {}

        /** Whether {@code name} (any case) is an audit log directive this builder reads. */
        public static boolean handles(String name) {
            String n = name.toLowerCase(Locale.ROOT);
            return n.equals("secauditengine") || n.startsWith("secauditlog");
        }

        /**
         * Applies one {@code SecAudit*} directive.
         *
         * @throws IllegalArgumentException with the message to report at the directive's file:line
         */
        public void directive(String name, List<String> args, SourceLocation at) {
            String n = name.toLowerCase(Locale.ROOT);
            if (args.size() != 1) {
                throw new IllegalArgumentException(name + " takes 1 argument, got " + args.size());
            }
            String value = args.get(0).trim();
            switch (n) {
                case "secauditengine" -> {
                    try {
                        engine = AuditEngine.parse(value);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("SecAuditEngine: " + e.getMessage());
                    }
                    engineSetAt = engine == AuditEngine.OFF ? null : at;
                }
                case "secauditlog" -> path = logPath(name, value);
                case "secauditlogparts" -> parts = AuditParts.parse(value);
                case "secauditlogrelevantstatus" -> relevantStatus(value);
                case "secauditlogformat" -> {
                    if (value.equalsIgnoreCase("Native")) {
                        throw new IllegalArgumentException("SecAuditLogFormat Native is not supported: Bulwark "
                                + "writes the audit log as JSON only (one line per transaction); use "
                                + "SecAuditLogFormat JSON");
                    }
                    if (!value.equalsIgnoreCase("JSON")) {
                        throw new IllegalArgumentException("SecAuditLogFormat must be JSON, not '" + value + "'");
                    }
                }
                case "secauditlogtype" -> {
                    if (!value.equalsIgnoreCase("Serial")) {
                        throw new IllegalArgumentException("SecAuditLogType " + value + " is not supported: "
                                + "Bulwark writes one file (SecAuditLogType Serial), one JSON line per transaction");
                    }
                }
                case "secauditlogstoragedir" -> throw new IllegalArgumentException("SecAuditLogStorageDir is not "
                        + "supported: it serves SecAuditLogType Concurrent, and Bulwark writes one file (Serial)");
                case "secauditlogfilemode" -> fileMode = octalMode(name, value);
                case "secauditlogdirmode" -> octalMode(name, value);
                default -> throw new IllegalArgumentException(name + " is not supported by Bulwark (audit log "
                        + "directives: SecAuditEngine, SecAuditLog, SecAuditLogParts, SecAuditLogRelevantStatus, "
                        + "SecAuditLogFormat, SecAuditLogType, SecAuditLogFileMode, SecAuditLogDirMode)");
            }
        }

        /** The {@code SecComponentSignature} values, for the producer section. */
        public Builder components(List<String> signatures) {
            components = List.copyOf(signatures);
            return this;
        }

        /** Applies the audit options of {@code config}, which win over the directives. */
        public Builder apply(WafConfig config) {
            if (config.auditEngine() != null) {
                engine = config.auditEngine();
                engineSetAt = engine == AuditEngine.OFF ? null : CONFIG;
            }
            if (config.auditLog() != null) {
                path = config.auditLog();
            }
            if (config.auditLogParts() != null) {
                parts = AuditParts.parse(config.auditLogParts());
            }
            if (config.auditLogMaxFileBytes() != null) {
                maxFileBytes = config.auditLogMaxFileBytes();
                keepFiles = config.auditLogKeepFiles();
            }
            redaction = config.auditLogRedaction();
            redactedHeaders = config.auditLogRedactedHeaders();
            redactedNames = config.auditLogRedactedNames();
            return this;
        }

        /** The settings; problems (an engine switched on without a file) are added to {@code errors}. */
        public AuditSettings build(List<RuleLoadError> errors) {
            if (engineSetAt != null && path == null) {
                errors.add(new RuleLoadError(engineSetAt, "SecAuditEngine " + engine.secLang() + " needs a log "
                        + "file: add SecAuditLog PATH (or WafConfig.Builder.auditLog(path))"));
            }
            Redaction r = Redaction.NONE;
            if (redaction) {
                try {
                    r = Redaction.of(redactedHeaders, redactedNames);
                } catch (IllegalArgumentException e) {
                    errors.add(new RuleLoadError(CONFIG, e.getMessage()));
                }
            }
            return new AuditSettings(this, r);
        }

        private void relevantStatus(String value) {
            if (value.isEmpty()) {
                relevantStatusSource = "";
                relevantStatus = null;
                return;
            }
            String source = value.equals(RECOMMENDED_PCRE_STATUS) ? DEFAULT_RELEVANT_STATUS : value;
            try {
                relevantStatus = Regex.compile(source);
            } catch (RegexSyntaxException e) {
                throw new IllegalArgumentException("SecAuditLogRelevantStatus: " + e.getMessage()
                        + " (RE2 has no lookahead; 4xx except 404 is " + DEFAULT_RELEVANT_STATUS + ")");
            }
            relevantStatusSource = source;
        }

        private static Regex compileStatus(String source) {
            try {
                return Regex.compile(source);
            } catch (RegexSyntaxException e) {
                throw new IllegalStateException("built-in pattern " + source, e);
            }
        }

        private static Path logPath(String name, String value) {
            if (value.isEmpty()) {
                throw new IllegalArgumentException(name + " needs a file path");
            }
            if (value.startsWith("|")) {
                throw new IllegalArgumentException(name + ": piped audit logs ('" + value + "') are not supported; "
                        + "give a file path");
            }
            try {
                return Path.of(value);
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException(name + ": not a valid path '" + value + "': " + e.getMessage());
            }
        }

        private static int octalMode(String name, String value) {
            try {
                int mode = Integer.parseInt(value, 8);
                if (mode >= 0 && mode <= 0777) {
                    return mode;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(name + " needs an octal permission mode such as 0640, not '" + value
                    + "'");
        }
    }
}
