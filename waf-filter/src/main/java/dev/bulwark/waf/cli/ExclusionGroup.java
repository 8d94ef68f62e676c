package dev.bulwark.waf.cli;

import dev.bulwark.waf.internal.text.Ascii;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The matches of one rule on one field (variable with its key) on one path, across the transactions of an audit log:
 * the unit {@code tune} proposes an exclusion for. Counts transactions, not matches (a rule matching a field twice
 * in one request counts once), and keeps the benign-looking ones apart from those that look like attacks (see
 * {@link Suspicion}). Not thread-safe; filled by one command.
 */
final class ExclusionGroup {

    /**
     * What identifies a group; the variable in ASCII lower case, since keys compare ignoring case (a rule that
     * excludes {@code ARGS:Comment} excludes {@code ARGS:comment}).
     */
    record Key(long ruleId, String variable, String path) {

        static Key of(long ruleId, String variable, String path) {
            return new Key(ruleId, Ascii.lower(variable), path);
        }
    }

    private final Key key;
    private String variable;
    private final Set<String> benign = new LinkedHashSet<>();
    private final Set<String> attacks = new LinkedHashSet<>();
    private final Set<String> clients = new HashSet<>();
    private String message = "";
    private boolean phaseOne;
    private boolean excludable = true;
    private AuditEntry example;
    private AuditMessage exampleMatch;

    ExclusionGroup(Key key) {
        this.key = key;
    }

    /** Adds the match {@code m} of transaction {@code e}; {@code attack} says whether {@code e} looks like one. */
    void add(AuditEntry e, AuditMessage m, boolean attack) {
        if (variable == null) {
            variable = m.variable();
        }
        if (message.isEmpty()) {
            message = m.message();
        }
        phaseOne |= m.phase() == 1;
        excludable &= Matches.excludableByTarget(m);
        if (attack) {
            attacks.add(e.id());
            return;
        }
        if (benign.add(e.id())) {
            clients.add(e.clientIp());
        }
        if (example == null) {
            example = e;
            exampleMatch = m;
        }
    }

    Key key() {
        return key;
    }

    /** The variable as first logged ({@code ARGS:comment}). */
    String variable() {
        return variable;
    }

    /** The rule id. */
    long ruleId() {
        return key.ruleId();
    }

    /** The request path. */
    String path() {
        return key.path();
    }

    /**
     * Why this group is not proposed, or null when it is.
     *
     * @param minCount the fewest benign-looking requests a proposal needs
     * @param includeMixed whether a group may hold requests that look like attacks
     */
    String heldBack(long minCount, boolean includeMixed) {
        if (!excludable) {
            return "no target can name this match (a count or a computed value): decide with explain";
        }
        if (benign.isEmpty()) {
            return "every request looks like an attack";
        }
        if (!attacks.isEmpty() && !includeMixed) {
            return attacks.size() + " of " + count() + " requests look like attacks (--include-mixed proposes it "
                    + "anyway; then --verify)";
        }
        if (benign.size() < minCount) {
            return "only " + benign.size() + " benign-looking request" + (benign.size() == 1 ? "" : "s")
                    + ", --min-count is " + minCount;
        }
        return null;
    }

    /** All transactions in the group. */
    int count() {
        return benign.size() + attacks.size();
    }

    /** The benign-looking transactions: what the proposal is based on. */
    int benignCount() {
        return benign.size();
    }

    /** The transactions that look like attacks (not counted towards the proposal). */
    int attackCount() {
        return attacks.size();
    }

    /** Distinct client addresses among the benign-looking transactions. */
    int clientCount() {
        return clients.size();
    }

    /** The rule's message, from its first match. */
    String message() {
        return message;
    }

    /** Whether the rule matched in phase 1 (then a path-scoped ctl rule loaded after it would run too late). */
    boolean phaseOne() {
        return phaseOne;
    }

    /** Whether the field can be removed from the rule as a target (not a count, not a TX variable). */
    boolean excludable() {
        return excludable;
    }

    /** The first benign-looking transaction, or null when there is none. */
    AuditEntry example() {
        return example;
    }

    /** Its match. */
    AuditMessage exampleMatch() {
        return exampleMatch;
    }
}
