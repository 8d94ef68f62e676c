package dev.bulwark.waf.internal.actions;

/**
 * One parsed SecLang action ({@code name} or {@code name:argument}). At load time it records itself on the rule
 * being built; actions that do something per request also add a {@link RuntimeAction} there.
 */
public interface Action {

    /** Records this action on {@code rule}; throws when it cannot be used there. */
    void applyTo(RuleDraft rule) throws ActionException;
}
