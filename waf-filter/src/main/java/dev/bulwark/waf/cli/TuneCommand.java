package dev.bulwark.waf.cli;

import dev.bulwark.waf.RuleLoadException;
import dev.bulwark.waf.RuleSet;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code tune}: reads every transaction of the audit logs, groups the detections by rule, field and path
 * ({@link ExclusionGroup}), ranks the groups by how many requests they hold, proposes an exclusion for each group
 * whose requests look benign ({@link Suspicion}), writes them as a SecLang file ({@link ProposalFile}) and, with
 * {@code --verify}, replays the logged requests through the rules without and with it ({@link Verification}).
 */
final class TuneCommand {

    private TuneCommand() {}

    static int run(String[] args, PrintStream out, PrintStream err) throws UsageException {
        CommandLine c = CommandLine.parse(args, 0,
                Set.of("--audit-log", "--rules", "--min-count", "--first-id", "--out", "--attack"),
                Set.of("--verify", "--include-mixed"));
        List<String> logs = c.values("--audit-log");
        if (logs.isEmpty()) {
            throw new UsageException("tune needs --audit-log FILE");
        }
        if (!c.operands().isEmpty()) {
            throw new UsageException("tune takes no operands, got: " + String.join(" ", c.operands()));
        }
        List<String> ruleSources = c.values("--rules");
        boolean verify = c.flag("--verify");
        if (verify && ruleSources.isEmpty()) {
            throw new UsageException("--verify needs --rules: the rules to replay the logged requests through");
        }
        long minCount = c.number("--min-count", 1, 1);
        long firstId = c.number("--first-id", ExplainCommand.DEFAULT_FIRST_ID, 1);
        String outFile = c.value("--out");
        boolean includeMixed = c.flag("--include-mixed");
        Set<String> marked = new HashSet<>();
        for (String id : c.values("--attack")) {
            marked.add(id.trim());
        }

        AuditLogReader reader = new AuditLogReader();
        List<AuditEntry> entries = new ArrayList<>();
        for (String log : logs) {
            try {
                reader.read(Path.of(log), line -> true, e -> entries.add(e));
            } catch (IOException | RuntimeException e) {
                err.println("error: cannot read the audit log " + log + ": " + ExplainCommand.message(e));
                return Main.FAILED;
            }
        }
        String skipped = reader.skippedSummary();
        if (skipped != null) {
            err.println(skipped);
        }

        RuleSet rules = null;
        Long rulesThreshold = null;
        if (!ruleSources.isEmpty()) {
            try {
                rules = Rules.load(ruleSources, null, null);
            } catch (RuleLoadException e) {
                err.println("error: " + e.getMessage());
                return Main.FAILED;
            }
            rulesThreshold = Rules.inboundThreshold(rules);
        }

        Map<String, String> attackReasons = new HashMap<>();
        Map<ExclusionGroup.Key, ExclusionGroup> groups = new LinkedHashMap<>();
        for (AuditEntry e : entries) {
            String reason = Suspicion.reason(e, Anomaly.of(e, rulesThreshold), marked);
            if (reason != null) {
                attackReasons.put(e.id(), reason);
            }
            String path = ByteText.requestPath(e.uri());
            for (AuditMessage m : Matches.detections(e)) {
                ExclusionGroup.Key key = ExclusionGroup.Key.of(m.ruleId(), m.variable(), path);
                groups.computeIfAbsent(key, ExclusionGroup::new).add(e, m, reason != null);
            }
        }
        List<ExclusionGroup> ranked = new ArrayList<>(groups.values());
        ranked.sort(Comparator.comparingInt(ExclusionGroup::count).reversed()
                .thenComparingLong(ExclusionGroup::ruleId)
                .thenComparing(ExclusionGroup::variable)
                .thenComparing(ExclusionGroup::path));
        List<ExclusionGroup> proposed = new ArrayList<>();
        for (ExclusionGroup g : ranked) {
            if (g.heldBack(minCount, includeMixed) == null) {
                proposed.add(g);
            }
        }
        Set<String> unknownMarks = new LinkedHashSet<>(marked);
        for (AuditEntry e : entries) {
            unknownMarks.remove(e.id());
        }

        ProposalFile file = ProposalFile.of(proposed, firstId, logs, entries.size());
        StringBuilder report = new StringBuilder(1024);
        report.append("Read ").append(entries.size()).append(" transaction").append(entries.size() == 1 ? "" : "s")
                .append(" from ").append(String.join(", ", logs));
        if (reader.skipped() > 0) {
            report.append(" (").append(reader.skipped()).append(" line").append(reader.skipped() == 1 ? "" : "s")
                    .append(" skipped)");
        }
        report.append("; ").append(attackReasons.size()).append(" look like attacks and are not counted.\n");
        for (String id : unknownMarks) {
            report.append("warning: --attack ").append(ByteText.escape(id)).append(" is not in the log\n");
        }
        groupTable(report, ranked, file, minCount, includeMixed);
        out.print(report);

        if (outFile != null) {
            try {
                Files.writeString(Path.of(outFile), file.text(), StandardCharsets.ISO_8859_1);
            } catch (IOException | RuntimeException e) {
                err.println("error: cannot write " + outFile + ": " + ExplainCommand.message(e));
                return Main.FAILED;
            }
            out.println("Proposed " + proposed.size() + " exclusion" + (proposed.size() == 1 ? "" : "s")
                    + "; wrote " + outFile + ".");
        } else {
            out.println("Proposed " + proposed.size() + " exclusion" + (proposed.size() == 1 ? "" : "s")
                    + (proposed.isEmpty() ? "." : ":"));
            if (!proposed.isEmpty()) {
                out.println();
                out.print(file.text());
            }
        }
        if (!verify) {
            out.flush();
            return Main.OK;
        }
        out.println();
        if (proposed.isEmpty()) {
            out.println("Verification: nothing was proposed, so there is nothing to verify.");
            out.flush();
            return Main.OK;
        }
        RuleSet tuned;
        try {
            tuned = Rules.load(ruleSources, file.text(), outFile != null ? outFile : "proposed exclusions");
        } catch (RuleLoadException e) {
            err.println("error: the proposed exclusions do not load after these rules: " + e.getMessage());
            return Main.FAILED;
        }
        Verification v = Verification.run(rules, tuned, entries, attackReasons);
        out.print(v.text());
        out.flush();
        if (v.replayed() == 0) {
            err.println("error: no logged request could be replayed: --verify needs audit logs with the request "
                    + "headers and bodies (parts B and C, as in the default ABCFHKZ)");
            return Main.FAILED;
        }
        return v.passed() ? Main.OK : Main.FAILED;
    }

    /** The ranked groups, one line each, with what became of them. */
    private static void groupTable(StringBuilder b, List<ExclusionGroup> ranked, ProposalFile file, long minCount,
            boolean includeMixed) {
        if (ranked.isEmpty()) {
            b.append("No detection rule matched in these transactions.\n");
            return;
        }
        b.append("Groups (rule x field x path), most requests first:\n");
        b.append(String.format("  %6s %6s %7s  %-8s %-24s %-24s %s\n", "count", "benign", "clients", "rule", "field",
                "path", "proposal"));
        for (ExclusionGroup g : ranked) {
            String held = g.heldBack(minCount, includeMixed);
            String fate = held == null ? "proposed: " + file.idOf(g) : "held back: " + held;
            b.append(String.format("  %6d %6d %7d  %-8d %-24s %-24s %s\n", g.count(), g.benignCount(),
                    g.clientCount(), g.ruleId(), ByteText.excerpt(g.variable(), 60),
                    ByteText.excerpt(g.path(), 60), fate));
        }
    }
}
