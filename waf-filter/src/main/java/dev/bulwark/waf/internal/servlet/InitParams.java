package dev.bulwark.waf.internal.servlet;

import dev.bulwark.waf.AuditEngine;
import dev.bulwark.waf.EngineMode;
import dev.bulwark.waf.FailMode;
import dev.bulwark.waf.RuleSource;
import dev.bulwark.waf.WafConfig;
import jakarta.servlet.ServletException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Turns the filter's init-params into a {@link WafConfig}; each bad value is a {@link ServletException} that names
 * the parameter, so the container refuses to start the application. The parameters are documented on
 * {@link dev.bulwark.waf.WafFilter}.
 */
public final class InitParams {

    public static final String RULES = "rules";
    public static final String ENGINE_MODE = "engineMode";
    public static final String REQUEST_BODY_LIMIT = "requestBodyLimit";
    public static final String REQUEST_BODY_ACCESS = "requestBodyAccess";
    public static final String FAIL_MODE = "failMode";
    public static final String AUDIT_LOG = "auditLog";
    public static final String AUDIT_ENGINE = "auditEngine";

    private InitParams() {}

    /** Builds the configuration from {@code param} (name to value, null when absent). */
    public static WafConfig toConfig(Function<String, String> param) throws ServletException {
        WafConfig.Builder b = WafConfig.builder();
        String rules = param.apply(RULES);
        int sources = 0;
        if (rules != null) {
            for (String spec : rules.split("[,\\r\\n]")) {
                if (spec.isBlank()) {
                    continue;
                }
                try {
                    b.rules(RuleSource.parse(spec));
                } catch (InvalidPathException e) {
                    throw invalid(RULES, spec.trim(), "not a valid path: " + e.getMessage());
                }
                sources++;
            }
        }
        if (sources == 0) {
            throw new ServletException("Bulwark WafFilter: init-param '" + RULES
                    + "' is required: one or more rule files, directories, globs or classpath: resources");
        }
        String engineMode = param.apply(ENGINE_MODE);
        if (engineMode != null) {
            try {
                b.engineMode(EngineMode.parse(engineMode));
            } catch (IllegalArgumentException e) {
                throw invalid(ENGINE_MODE, engineMode, "expected On, Off or DetectionOnly");
            }
        }
        String limit = param.apply(REQUEST_BODY_LIMIT);
        if (limit != null) {
            long bytes;
            try {
                bytes = Long.parseLong(limit.trim());
            } catch (NumberFormatException e) {
                bytes = -1;
            }
            if (bytes < 0) {
                throw invalid(REQUEST_BODY_LIMIT, limit, "expected a number of bytes (0 or more)");
            }
            b.requestBodyLimit(bytes);
        }
        String access = param.apply(REQUEST_BODY_ACCESS);
        if (access != null) {
            b.requestBodyAccess(onOff(access));
        }
        String failMode = param.apply(FAIL_MODE);
        if (failMode != null) {
            String v = failMode.trim();
            if (v.equalsIgnoreCase("closed")) {
                b.failMode(FailMode.CLOSED);
            } else if (v.equalsIgnoreCase("open")) {
                b.failMode(FailMode.OPEN);
            } else {
                throw invalid(FAIL_MODE, failMode, "expected closed or open");
            }
        }
        String auditLog = param.apply(AUDIT_LOG);
        if (auditLog != null && !auditLog.isBlank()) {
            try {
                b.auditLog(Path.of(auditLog.trim()));
            } catch (InvalidPathException e) {
                throw invalid(AUDIT_LOG, auditLog, "not a valid path: " + e.getMessage());
            }
        }
        String auditEngine = param.apply(AUDIT_ENGINE);
        if (auditEngine != null) {
            try {
                b.auditEngine(AuditEngine.parse(auditEngine.trim()));
            } catch (IllegalArgumentException e) {
                throw invalid(AUDIT_ENGINE, auditEngine, "expected On, Off or RelevantOnly");
            }
        }
        return b.build();
    }

    private static boolean onOff(String value) throws ServletException {
        String v = value.trim();
        if (v.equalsIgnoreCase("on")) {
            return true;
        }
        if (v.equalsIgnoreCase("off")) {
            return false;
        }
        throw invalid(REQUEST_BODY_ACCESS, value, "expected On or Off");
    }

    private static ServletException invalid(String name, String value, String expected) {
        return new ServletException("Bulwark WafFilter: init-param '" + name + "' has an invalid value '"
                + value.trim() + "': " + expected);
    }
}
