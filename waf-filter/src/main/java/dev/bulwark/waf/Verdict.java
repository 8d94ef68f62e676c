package dev.bulwark.waf;

import dev.bulwark.waf.internal.engine.MatchLog;
import java.util.List;

/**
 * The engine's decision so far for one transaction. Immutable.
 *
 * @param outcome whether the request goes on or what stops it
 * @param status the HTTP status to answer with when the transaction is interrupted (e.g. 403), else 0
 * @param location the redirect target for {@link Outcome#REDIRECT}, else null
 * @param cause the match that interrupted the transaction, or null
 * @param matches every match recorded so far, in order
 */
public record Verdict(Outcome outcome, int status, String location, RuleMatch cause, List<RuleMatch> matches) {

    /** What happens to the request. */
    public enum Outcome {
        /** Go on to the application. */
        PASS,
        /** Answer with {@link #status()} (403 by default) instead of calling the application. */
        DENY,
        /** Close the connection without an answer. */
        DROP,
        /** Answer with a redirect to {@link #location()}. */
        REDIRECT
    }

    public Verdict {
        // the engine's own snapshots are immutable already: no copy of every match at every phase
        matches = matches instanceof MatchLog.Snapshot ? matches : List.copyOf(matches);
    }

    /** True when the request must not reach the application (deny, drop or redirect). */
    public boolean isInterrupted() {
        return outcome != Outcome.PASS;
    }
}
