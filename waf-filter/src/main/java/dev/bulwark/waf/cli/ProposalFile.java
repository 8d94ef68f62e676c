package dev.bulwark.waf.cli;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The exclusion file {@code tune} proposes: SecLang to load after the rules it tunes, one commented entry per group,
 * in rank order. A group whose rule matched in request phases 2-4 gets a path-scoped rule (a phase-1 rule, so it runs
 * before the rule it tunes wherever the file is loaded); a rule that matched in phase 1 cannot be tuned that way from
 * a file loaded after it, so its field is excluded on every path with {@code SecRuleUpdateTargetById} (one line per
 * rule and field, listing the paths it was seen on). Immutable.
 */
final class ProposalFile {

    private final String text;
    private final Map<ExclusionGroup, String> ids;

    private ProposalFile(String text, Map<ExclusionGroup, String> ids) {
        this.text = text;
        this.ids = ids;
    }

    /**
     * The file for {@code proposed} (ranked), new rule ids from {@code firstId}; {@code logs} and {@code
     * transactions} go into its header.
     */
    static ProposalFile of(List<ExclusionGroup> proposed, long firstId, List<String> logs, int transactions) {
        Map<ExclusionGroup, String> ids = new IdentityHashMap<>();
        StringBuilder b = new StringBuilder(4096);
        b.append("# Bulwark exclusions proposed by `tune` from ").append(ByteText.escape(String.join(", ", logs)))
                .append(" (").append(transactions).append(" transactions).\n");
        b.append("# Review every entry before committing it: an exclusion stops a rule from inspecting a field, for\n");
        b.append("# attacks as well. Load this file AFTER the rules it tunes. Only groups whose requests look benign\n");
        b.append("# are proposed (see \"Which groups tune proposes\" in tuning.md).\n");
        long id = firstId;
        Map<ExclusionGroup.Key, List<ExclusionGroup>> global = new LinkedHashMap<>();
        for (ExclusionGroup g : proposed) {
            if (g.phaseOne()) {
                ExclusionGroup.Key k = ExclusionGroup.Key.of(g.ruleId(), g.variable(), "");
                global.computeIfAbsent(k, x -> new ArrayList<>()).add(g);
                continue;
            }
            b.append('\n');
            comment(b, g);
            b.append(SecLangText.pathScopedTargetRemoval(id, g.path(),
                    List.of(new SecLangText.Target(g.ruleId(), g.variable())))).append('\n');
            ids.put(g, "id " + id);
            id++;
        }
        if (!global.isEmpty()) {
            b.append("\n# Rules that matched in phase 1: a path-scoped rule loaded after them would run too late, so\n");
            b.append("# these fields are excluded from them on every path. For a path-scoped form, load the rule\n");
            b.append("# that `explain` prints for the example incident BEFORE the rules instead.\n");
            for (List<ExclusionGroup> same : global.values()) {
                b.append('\n');
                List<String> paths = new ArrayList<>();
                for (ExclusionGroup g : same) {
                    comment(b, g);
                    paths.add(g.path());
                    ids.put(g, "SecRuleUpdateTargetById");
                }
                ExclusionGroup first = same.get(0);
                b.append(SecLangText.globalTargetRemoval(first.ruleId(), List.of(first.variable()))).append('\n');
            }
        }
        return new ProposalFile(b.toString(), ids);
    }

    /** {@code # 1001 "msg" on ARGS:comment at /post: 12 requests from 5 clients; e.g. incident ..., matched "..."}. */
    private static void comment(StringBuilder b, ExclusionGroup g) {
        b.append("# Rule ").append(g.ruleId());
        if (!g.message().isEmpty()) {
            b.append(' ').append(ByteText.quoted(cut(g.message(), 80)));
        }
        b.append(" on ").append(ByteText.escape(g.variable())).append(" at ").append(ByteText.escape(g.path()))
                .append('\n');
        b.append("#   ").append(g.benignCount()).append(g.benignCount() == 1 ? " request" : " requests")
                .append(" from ").append(g.clientCount()).append(g.clientCount() == 1 ? " client" : " clients");
        if (g.attackCount() > 0) {
            b.append(" (and ").append(g.attackCount()).append(" attack-looking, not counted: --verify them)");
        }
        b.append('\n');
        AuditEntry e = g.example();
        b.append("#   e.g. incident ").append(ByteText.escape(e.id())).append(", matched ")
                .append(ByteText.quoted(cut(g.exampleMatch().matched(), 80))).append('\n');
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }

    /** The file's text. */
    String text() {
        return text;
    }

    /** What the file proposes for {@code g}: {@code id 10000}, or {@code SecRuleUpdateTargetById}; "?" if nothing. */
    String idOf(ExclusionGroup g) {
        return ids.getOrDefault(g, "?");
    }
}
