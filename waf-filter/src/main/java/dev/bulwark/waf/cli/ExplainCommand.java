package dev.bulwark.waf.cli;

import dev.bulwark.waf.RuleLoadException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code explain}: finds one transaction by its incident id and prints its {@link Explanation}. */
final class ExplainCommand {

    /** The default id of the first suggested rule: above the 1-9999 people tend to use by hand, below CRS's. */
    static final long DEFAULT_FIRST_ID = 10000;

    private ExplainCommand() {}

    static int run(String[] args, PrintStream out, PrintStream err) throws UsageException {
        CommandLine c = CommandLine.parse(args, 0, Set.of("--audit-log", "--rules", "--first-id", "--format"),
                Set.of());
        List<String> logs = c.values("--audit-log");
        if (logs.isEmpty()) {
            throw new UsageException("explain needs --audit-log FILE");
        }
        List<String> operands = c.operands();
        if (operands.size() != 1) {
            throw new UsageException(operands.isEmpty() ? "explain needs an INCIDENT_ID"
                    : "explain takes one INCIDENT_ID, got " + operands.size() + ": " + String.join(" ", operands));
        }
        String id = operands.get(0).trim();
        if (id.isEmpty()) {
            throw new UsageException("the INCIDENT_ID is empty");
        }
        long firstId = c.number("--first-id", DEFAULT_FIRST_ID, 1);
        String format = c.value("--format");
        boolean json;
        if (format == null || format.equals("text")) {
            json = false;
        } else if (format.equals("json")) {
            json = true;
        } else {
            throw new UsageException("--format must be text or json, not '" + format + "'");
        }

        AuditLogReader reader = new AuditLogReader();
        AuditEntry[] found = new AuditEntry[1];
        for (String log : logs) {
            try {
                // the id is plain ASCII in the log: lines without it need no parsing
                boolean more = reader.read(Path.of(log), line -> line.contains(id), e -> {
                    if (e.id().equals(id)) {
                        found[0] = e;
                        return false;
                    }
                    return true;
                });
                if (!more) {
                    break;
                }
            } catch (IOException | RuntimeException e) {
                err.println("error: cannot read the audit log " + log + ": " + message(e));
                return Main.FAILED;
            }
        }
        String skipped = reader.skippedSummary();
        if (skipped != null) {
            err.println(skipped);
        }
        if (found[0] == null) {
            err.println("error: incident " + ByteText.escape(id) + " is not in " + String.join(", ", logs) + " ("
                    + reader.lines() + " lines read)");
            return Main.FAILED;
        }
        Long rulesThreshold = null;
        List<String> rules = c.values("--rules");
        if (!rules.isEmpty() && Anomaly.of(found[0], null).threshold() == null) {
            try {
                rulesThreshold = Rules.inboundThreshold(Rules.load(rules, null, null));
            } catch (RuleLoadException e) {
                err.println("error: " + e.getMessage());
                return Main.FAILED;
            }
        }
        Explanation x = Explanation.of(found[0], rulesThreshold, firstId);
        out.print(json ? x.json() : x.text());
        out.flush();
        return Main.OK;
    }

    /** An exception's message, or its type when it has none. */
    static String message(Exception e) {
        String m = e.getMessage();
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
