package dev.bulwark.waf.internal.actions;

import dev.bulwark.waf.internal.macro.MacroText;
import dev.bulwark.waf.internal.transformations.Transformation;
import java.util.ArrayList;
import java.util.List;

/**
 * The mutable description of one rule (or chain link) while its actions are applied at load. The compiler turns
 * it into an immutable rule; nothing here is seen by requests.
 */
public final class RuleDraft {

    /** Where an action is applied: SecDefaultAction, a chain head (or single rule), or a later chain link. */
    public enum Position { DEFAULT_ACTION, HEAD, CHAIN_LINK }

    private final Position position;
    long id = -1;
    int phase = -1;
    MacroText msg;
    MacroText logdata;
    final List<String> tags = new ArrayList<>();
    int severity = -1;
    String ver;
    String rev;
    int maturity = -1;
    int accuracy = -1;
    boolean chain;
    String skipAfter;
    int skip;
    Disruptive disruptive;
    int status = -1;
    MacroText redirectUrl;
    Boolean log;
    Boolean auditLog;
    boolean capture;
    boolean multiMatch;
    final List<Transformation> transformations = new ArrayList<>();
    final List<RuntimeAction> runtimeActions = new ArrayList<>();

    public RuleDraft(Position position) {
        this.position = position;
    }

    public Position position() {
        return position;
    }

    /** Fails when an action that belongs to a chain head (or single rule) is used elsewhere. */
    void requireHead(String action) throws ActionException {
        if (position == Position.CHAIN_LINK) {
            throw new ActionException("action '" + action + "' is only allowed in the first rule of a chain");
        }
    }

    /** Fails when an action that identifies or describes one rule is used in SecDefaultAction. */
    void requireRule(String action) throws ActionException {
        if (position == Position.DEFAULT_ACTION) {
            throw new ActionException("action '" + action + "' is not allowed in SecDefaultAction");
        }
    }

    /**
     * Starts this draft from the phase's {@code SecDefaultAction}: its transformations always, its logging and
     * disruptive action only for a chain head (links take those from their head).
     */
    public void inheritFrom(RuleDraft defaults, boolean head) {
        transformations.addAll(defaults.transformations);
        if (head) {
            log = defaults.log;
            auditLog = defaults.auditLog;
            disruptive = defaults.disruptive;
            status = defaults.status;
        }
    }

    /** Sets the phase of a rule that named none (SecDefaultAction's phase 2 rule of thumb is applied by the caller). */
    public void inheritPhase(int value) {
        phase = value;
    }

    // Read access for the compiler.

    public long id() {
        return id;
    }

    public int phase() {
        return phase;
    }

    public MacroText msg() {
        return msg;
    }

    public MacroText logdata() {
        return logdata;
    }

    public List<String> tags() {
        return tags;
    }

    public int severity() {
        return severity;
    }

    public String ver() {
        return ver;
    }

    public String rev() {
        return rev;
    }

    public int maturity() {
        return maturity;
    }

    public int accuracy() {
        return accuracy;
    }

    public boolean chain() {
        return chain;
    }

    public String skipAfter() {
        return skipAfter;
    }

    public int skip() {
        return skip;
    }

    public Disruptive disruptive() {
        return disruptive;
    }

    public int status() {
        return status;
    }

    public MacroText redirectUrl() {
        return redirectUrl;
    }

    public Boolean log() {
        return log;
    }

    public Boolean auditLog() {
        return auditLog;
    }

    public boolean capture() {
        return capture;
    }

    public boolean multiMatch() {
        return multiMatch;
    }

    public List<Transformation> transformations() {
        return transformations;
    }

    public List<RuntimeAction> runtimeActions() {
        return runtimeActions;
    }
}
