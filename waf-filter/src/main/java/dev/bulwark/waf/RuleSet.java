package dev.bulwark.waf;

import dev.bulwark.waf.internal.audit.AuditSettings;
import dev.bulwark.waf.internal.engine.CompiledRules;
import dev.bulwark.waf.internal.engine.EngineSettings;
import dev.bulwark.waf.internal.engine.RuleCompiler;
import dev.bulwark.waf.internal.engine.TransactionState;
import dev.bulwark.waf.internal.seclang.SecLangParser;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A compiled rule set: parsed, validated and compiled once, then shared by every request. Immutable and thread-safe;
 * replacing it (for a reload) is a matter of swapping the reference while requests finish on the old one.
 */
public final class RuleSet {

    private final CompiledRules program;
    private final WafConfig config;
    private final AuditSettings audit;
    private final boolean inspectsResponses;

    private RuleSet(CompiledRules program, WafConfig config, AuditSettings audit) {
        this.program = program;
        this.config = config;
        this.audit = audit;
        this.inspectsResponses = program.settings().responseBodyAccess() || program.hasRules(3)
                || program.hasRules(4);
    }

    /**
     * Loads and compiles the rules of {@code config}.
     *
     * @throws RuleLoadException listing every error with its file:line; nothing is loaded partially
     */
    public static RuleSet compile(WafConfig config) throws RuleLoadException {
        List<RuleLoadError> errors = new ArrayList<>();
        CompiledRules program;
        AuditSettings audit;
        // The parser stays open while the rules compile: directives read from a jar refer to files inside it.
        try (SecLangParser parser = new SecLangParser(errors)) {
            for (RuleSource source : config.ruleSources()) {
                SourceLocation at = new SourceLocation(source.toString(), 0);
                switch (source.kind()) {
                    case CLASSPATH -> parser.parseResource(source.value(), classLoader(), at);
                    case TEXT -> parser.parse(source.value(), source.origin(), null);
                    case PATH -> parsePath(parser, Path.of(source.value()), at, errors);
                }
            }
            if (!errors.isEmpty()) {
                throw new RuleLoadException(errors);
            }
            RuleCompiler compiler = new RuleCompiler(errors);
            compiler.override(config);
            compiler.compile(parser.directives());
            program = compiler.finish();
            audit = compiler.auditSettings().apply(config).build(errors);
        }
        if (!errors.isEmpty()) {
            throw new RuleLoadException(errors);
        }
        return new RuleSet(program, config, audit);
    }

    /** Compiles rules given as text with default settings: handy for tests and small embedded uses. */
    public static RuleSet fromText(String rules) throws RuleLoadException {
        return compile(WafConfig.builder().rules(RuleSource.text(rules, "<inline rules>")).build());
    }

    private static void parsePath(SecLangParser parser, Path path, SourceLocation at, List<RuleLoadError> errors) {
        if (Files.isDirectory(path)) {
            List<Path> files = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(path, "*.conf")) {
                ds.forEach(files::add);
            } catch (IOException e) {
                errors.add(new RuleLoadError(at, "cannot list rules directory " + path + ": " + e));
                return;
            }
            files.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
            if (files.isEmpty()) {
                errors.add(new RuleLoadError(at, "rules directory has no *.conf file: " + path));
            }
            files.forEach(f -> parser.parseFile(f, at));
            return;
        }
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        if (name.contains("*") || name.contains("?") || name.contains("[")) {
            parser.parseGlob(path.toAbsolutePath(), at);
            return;
        }
        if (!Files.isRegularFile(path)) {
            errors.add(new RuleLoadError(at, "rules file not found: " + path.toAbsolutePath()));
            return;
        }
        parser.parseFile(path, at);
    }

    private static ClassLoader classLoader() {
        ClassLoader l = Thread.currentThread().getContextClassLoader();
        return l != null ? l : RuleSet.class.getClassLoader();
    }

    /** Starts a transaction for one request. */
    public Transaction newTransaction() {
        return new Transaction(new TransactionState(program, IncidentIds::next));
    }

    /** Number of rules (chains count once). */
    public int size() {
        return program.size();
    }

    /** The engine mode the rules run in unless a transaction changes it. */
    public EngineMode engineMode() {
        return program.settings().engineMode();
    }

    /** Whether request bodies are read and inspected. */
    public boolean requestBodyAccess() {
        return program.settings().requestBodyAccess();
    }

    /** The largest request body accepted, in bytes. */
    public long requestBodyLimit() {
        return program.settings().requestBodyLimit();
    }

    /**
     * The most request body bytes, multipart file contents aside, inspected ({@code SecRequestBodyNoFilesLimit}); for
     * bodies other than multipart, the whole body counts.
     */
    public long requestBodyNoFilesLimit() {
        return program.settings().requestBodyNoFilesLimit();
    }

    /** The most request body bytes held in memory; longer bodies are spooled to a temporary file. */
    public long requestBodyInMemoryLimit() {
        return program.settings().requestBodyInMemoryLimit();
    }

    /** Where spooled request bodies go ({@code SecTmpDir}), or null for {@code java.io.tmpdir}. */
    public Path temporaryDirectory() {
        return program.settings().temporaryDirectory();
    }

    /** Whether an oversized body is refused (413) rather than inspected up to the limit. */
    public boolean rejectsOversizedBody() {
        return program.settings().rejectOversizedBody();
    }

    /** The largest response body inspected, in bytes ({@code SecResponseBodyLimit}). */
    public long responseBodyLimit() {
        return program.settings().responseBodyLimit();
    }

    /** Whether a response larger than the limit is refused rather than inspected up to the limit. */
    public boolean rejectsOversizedResponseBody() {
        return program.settings().rejectOversizedResponseBody();
    }

    /**
     * Whether responses can matter to these rules: there are response-header (phase 3) or response-body (phase 4)
     * rules, or {@code SecResponseBodyAccess} is On. When false, the filter hands the application the container's
     * response untouched.
     */
    public boolean inspectsResponses() {
        return inspectsResponses;
    }

    public WafConfig config() {
        return config;
    }

    /**
     * The audit log settings ({@code SecAudit*} directives and the {@link WafConfig} audit options). Internal: for
     * the filter's audit log, not an API; the type may change without notice.
     */
    public AuditSettings auditSettings() {
        return audit;
    }

    EngineSettings settings() {
        return program.settings();
    }
}
