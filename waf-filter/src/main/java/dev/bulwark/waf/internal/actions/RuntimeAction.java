package dev.bulwark.waf.internal.actions;

/** The per-request part of an action ({@code setvar}, {@code ctl}, ...), run when its rule (chain) matched. */
public interface RuntimeAction {

    void execute(ActionContext context);
}
