package dev.bulwark.waf.cli;

import dev.bulwark.waf.RuleSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code tune --verify}: every replayable request of the log is run through the rules without and with the proposed
 * exclusions. The exclusions pass when no request that looks like an attack and was blocked without them passes with
 * them; the report also says how many blocked requests they let through (the point of tuning).
 *
 * @param replayed requests replayed
 * @param notReplayable requests that could not be (headers or body not logged)
 * @param blockedBefore replayed requests blocked without the exclusions
 * @param passNow of those, how many pass with the exclusions
 * @param attacks replayed requests that look like attacks
 * @param attacksBlockedBefore of those, how many were blocked without the exclusions
 * @param attacksNowPassing the attack-looking requests blocked without and passing with the exclusions: failures
 * @param loggedBlockedReplayPassed requests the log shows blocked that pass the rules even without the exclusions
 *     (the rules changed since, or redaction hid what matched)
 * @param redacted replayed requests with redacted values
 * @param truncated replayed requests whose body was cut in the log
 */
record Verification(
        int replayed,
        int notReplayable,
        int blockedBefore,
        int passNow,
        int attacks,
        int attacksBlockedBefore,
        List<Failure> attacksNowPassing,
        int loggedBlockedReplayPassed,
        int redacted,
        int truncated) {

    /** An attack-looking request the exclusions would let through. */
    record Failure(AuditEntry entry, String reason) {}

    Verification {
        attacksNowPassing = List.copyOf(attacksNowPassing);
    }

    /**
     * Replays {@code entries} through {@code before} (the rules) and {@code after} (the rules and the exclusions).
     *
     * @param attackReasons incident id to why it looks like an attack, for the entries that do
     */
    static Verification run(RuleSet before, RuleSet after, List<AuditEntry> entries,
            Map<String, String> attackReasons) {
        int replayed = 0;
        int skipped = 0;
        int blockedBefore = 0;
        int passNow = 0;
        int attacks = 0;
        int attacksBlocked = 0;
        int stale = 0;
        int redacted = 0;
        int truncated = 0;
        List<Failure> failures = new ArrayList<>();
        for (AuditEntry e : entries) {
            if (Replay.notReplayable(e) != null) {
                skipped++;
                continue;
            }
            Replay.Result without;
            Replay.Result with;
            try {
                without = Replay.run(before, e);
                with = Replay.run(after, e);
            } catch (RuntimeException engineError) {
                // the engine refused what was logged (it was cut or redacted into something unusable): not replayable
                skipped++;
                continue;
            }
            replayed++;
            if (mentionsRedaction(e)) {
                redacted++;
            }
            if (Replay.truncated(e)) {
                truncated++;
            }
            String attack = attackReasons.get(e.id());
            if (attack != null) {
                attacks++;
            }
            if (e.blocked() && !without.blocked()) {
                stale++;
            }
            if (!without.blocked()) {
                continue;
            }
            blockedBefore++;
            if (attack != null) {
                attacksBlocked++;
            }
            if (!with.blocked()) {
                passNow++;
                if (attack != null) {
                    failures.add(new Failure(e, attack));
                }
            }
        }
        return new Verification(replayed, skipped, blockedBefore, passNow, attacks, attacksBlocked, failures, stale,
                redacted, truncated);
    }

    private static boolean mentionsRedaction(AuditEntry e) {
        if (e.uri().contains("[redacted]") || (e.requestBody() != null && e.requestBody().contains("[redacted]"))) {
            return true;
        }
        for (AuditEntry.Header h : e.requestHeaders()) {
            if (h.value().contains("[redacted]")) {
                return true;
            }
        }
        return false;
    }

    boolean passed() {
        return attacksNowPassing.isEmpty();
    }

    /** The report, several lines. */
    String text() {
        StringBuilder b = new StringBuilder(512);
        b.append("Verification: replayed ").append(replayed).append(" logged request").append(replayed == 1 ? "" : "s")
                .append(" through the rules (engine On), without and with the proposed exclusions.\n");
        if (notReplayable > 0) {
            b.append("  not replayable: ").append(notReplayable)
                    .append(" (request headers, or a body, not in the log: parts B and C are needed)\n");
        }
        b.append("  blocked without the exclusions: ").append(blockedBefore).append("; of these, ").append(passNow)
                .append(passNow == 1 ? " passes" : " pass").append(" with them\n");
        b.append("  requests that look like attacks: ").append(attacks).append(", of which ")
                .append(attacksBlockedBefore).append(" blocked without the exclusions");
        if (attacksNowPassing.isEmpty()) {
            b.append(attacksBlockedBefore == 0 ? "\n" : ": all still blocked with them\n");
        } else {
            b.append(": ").append(attacksNowPassing.size()).append(" would now PASS\n");
        }
        if (attacks > attacksBlockedBefore) {
            b.append("  (").append(attacks - attacksBlockedBefore)
                    .append(" attack-looking requests pass even without the exclusions: not caused by them)\n");
        }
        if (loggedBlockedReplayPassed > 0) {
            b.append("  note: ").append(loggedBlockedReplayPassed).append(" request")
                    .append(loggedBlockedReplayPassed == 1 ? " the log shows blocked passes" : "s the log shows "
                            + "blocked pass")
                    .append(" these rules even without the exclusions (other rules, or a redacted value)\n");
        }
        if (redacted > 0 || truncated > 0) {
            b.append("  note: values the audit log redacted were replayed as \"[redacted]\" (").append(redacted)
                    .append(" request").append(redacted == 1 ? "" : "s").append("); bodies cut at the log's cap were "
                            + "replayed in part (").append(truncated).append(")\n");
        }
        for (Failure f : attacksNowPassing) {
            AuditEntry e = f.entry();
            b.append("  FAILED: ").append(ByteText.escape(e.id())).append("  ")
                    .append(ByteText.excerpt(e.method() + " " + e.uri(), 120)).append("  (").append(f.reason())
                    .append(") is blocked without the exclusions and passes with them\n");
        }
        b.append(passed() ? "Verification passed.\n" : "Verification FAILED: the exclusions let "
                + attacksNowPassing.size() + " attack-looking request" + (attacksNowPassing.size() == 1 ? "" : "s")
                + " through.\n");
        return b.toString();
    }
}
