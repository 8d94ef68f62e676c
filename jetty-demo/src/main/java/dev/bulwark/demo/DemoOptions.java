package dev.bulwark.demo;

import dev.bulwark.waf.EngineMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's command line: {@code [--port N] [--rules SOURCE ...] [--crs DIR] [--mode On|DetectionOnly|Off]
 * [--audit-log FILE] [--incidents-from CIDR,...] [--no-waf] [--cpu-report N]}.
 *
 * @param port the port to listen on; 0 picks a free one
 * @param ruleSources the rule sources replacing web.xml's, in order; empty to keep web.xml's
 * @param engineMode the engine mode overriding the rules' {@code SecRuleEngine}, or null
 * @param waf false to serve the application without the filter (a baseline for load tests)
 * @param auditLog the audit log file
 * @param incidentsFrom the networks allowed to see the incidents page (comma-separated), or null for web.xml's
 * @param cpuReport requests per line of the filter chain's thread CPU per request ({@link CpuReport}); 0: none
 */
record DemoOptions(int port, List<String> ruleSources, EngineMode engineMode, boolean waf, Path auditLog,
        String incidentsFrom, int cpuReport) {

    /** Where the audit log goes unless {@code --audit-log} says otherwise: the working directory. */
    static final Path DEFAULT_AUDIT_LOG = Path.of("bulwark-audit.log");

    static final String USAGE = """
            usage: java -jar jetty-demo.jar [--port N] [--rules SOURCE]... [--crs DIR] [--mode On|DetectionOnly|Off]
                                            [--audit-log FILE] [--incidents-from CIDR,...] [--no-waf]
                                            [--cpu-report N]
              --port N      port to listen on (default 8080; 0 picks a free port and prints it)
              --rules SRC   rule source replacing the bundled rules (repeatable, loaded in order): a file, a
                            directory, a glob, or classpath:NAME (e.g. classpath:bulwark/bulwark.conf)
              --crs DIR     OWASP CRS: loads classpath:bulwark/base.conf, DIR/crs-setup.conf.example, DIR/rules/*.conf
                            (CRS defaults: paranoia level 1, blocking at inbound anomaly score 5); further --rules
                            are loaded after it
              --mode MODE   engine mode overriding the rules' SecRuleEngine: On, DetectionOnly or Off
              --audit-log F JSON audit log of blocked and otherwise relevant requests (default:
                            bulwark-audit.log in the working directory); read it with the explain and tune commands,
                            or at http://localhost:PORT/bulwark/incidents
              --incidents-from CIDR,...
                            who may see /bulwark/incidents (default 127.0.0.0/8,::1: this machine only; others get
                            404), e.g. 10.1.0.0/16,192.0.2.7; requests through a proxy are always refused
              --no-waf      serve the application without the Bulwark filter (the baseline of benchmarks/load.sh);
                            cannot be combined with --rules, --crs or --mode
              --cpu-report N
                            print, every N requests, the thread CPU time per request of the filter chain (the
                            filter and the application), as benchmarks/load.sh shows it
            """;

    /** The command line could not be understood; the message says why. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static DemoOptions parse(String... args) throws UsageException {
        int port = 8080;
        List<String> crs = new ArrayList<>();
        List<String> rules = new ArrayList<>();
        EngineMode mode = null;
        boolean portSeen = false;
        boolean waf = true;
        Path auditLog = null;
        String incidentsFrom = null;
        int cpuReport = 0;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--port" -> {
                    if (portSeen) {
                        throw new UsageException("--port given twice");
                    }
                    portSeen = true;
                    String v = value(args, ++i, arg);
                    try {
                        port = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        throw new UsageException("--port needs a number, not '" + v + "'");
                    }
                    if (port < 0 || port > 65535) {
                        throw new UsageException("--port must be 0..65535, not " + port);
                    }
                }
                case "--rules" -> {
                    String v = value(args, ++i, arg);
                    if (v.isBlank()) {
                        throw new UsageException("--rules needs a rule source");
                    }
                    rules.add(v.trim());
                }
                case "--crs" -> {
                    if (!crs.isEmpty()) {
                        throw new UsageException("--crs given twice");
                    }
                    Path dir = Path.of(value(args, ++i, arg));
                    if (!Files.isDirectory(dir.resolve("rules"))) {
                        throw new UsageException("--crs " + dir + ": not a CRS directory (no rules/ folder in it)");
                    }
                    crs.add("classpath:bulwark/base.conf");
                    crs.add(dir.resolve("crs-setup.conf.example").toString());
                    crs.add(dir.resolve("rules").resolve("*.conf").toString());
                }
                case "--mode" -> {
                    if (mode != null) {
                        throw new UsageException("--mode given twice");
                    }
                    String v = value(args, ++i, arg);
                    try {
                        mode = EngineMode.parse(v);
                    } catch (IllegalArgumentException e) {
                        throw new UsageException("--mode: " + e.getMessage());
                    }
                }
                case "--no-waf" -> waf = false;
                case "--cpu-report" -> {
                    if (cpuReport != 0) {
                        throw new UsageException("--cpu-report given twice");
                    }
                    String v = value(args, ++i, arg);
                    try {
                        cpuReport = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        throw new UsageException("--cpu-report needs a number of requests, not '" + v + "'");
                    }
                    if (cpuReport < 1) {
                        throw new UsageException("--cpu-report needs at least 1 request, not " + cpuReport);
                    }
                }
                case "--audit-log" -> {
                    if (auditLog != null) {
                        throw new UsageException("--audit-log given twice");
                    }
                    String v = value(args, ++i, arg);
                    if (v.isBlank()) {
                        throw new UsageException("--audit-log needs a file");
                    }
                    auditLog = Path.of(v.trim());
                }
                case "--incidents-from" -> {
                    if (incidentsFrom != null) {
                        throw new UsageException("--incidents-from given twice");
                    }
                    String v = value(args, ++i, arg);
                    try {
                        incidentsFrom = IncidentsAccess.parse(v).networks();
                    } catch (IllegalArgumentException e) {
                        throw new UsageException("--incidents-from: " + e.getMessage());
                    }
                }
                default -> throw new UsageException("unknown option '" + arg + "'");
            }
        }
        if (!waf && (!crs.isEmpty() || !rules.isEmpty() || mode != null || auditLog != null)) {
            throw new UsageException("--no-waf cannot be combined with --rules, --crs, --mode or --audit-log");
        }
        List<String> sources = new ArrayList<>(crs);
        sources.addAll(rules);
        return new DemoOptions(port, List.copyOf(sources), mode, waf,
                auditLog == null ? DEFAULT_AUDIT_LOG : auditLog, incidentsFrom, cpuReport);
    }

    private static String value(String[] args, int i, String option) throws UsageException {
        if (i >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }
}
