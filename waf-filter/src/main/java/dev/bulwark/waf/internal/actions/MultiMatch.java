package dev.bulwark.waf.internal.actions;

/**
 * {@code multiMatch}: run the operator on the value before the transformations and after each
 * transformation that changed it, instead of only on the final value.
 *
 * <p>Example: {@code SecRule ARGS "@rx ..." "id:1,t:urlDecodeUni,t:lowercase,multiMatch"}.
 */
final class MultiMatch implements Action {

    @Override
    public void applyTo(RuleDraft rule) {
        rule.multiMatch = true;
    }
}
