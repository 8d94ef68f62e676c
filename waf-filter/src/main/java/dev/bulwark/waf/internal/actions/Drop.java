package dev.bulwark.waf.internal.actions;

/**
 * {@code drop}: stop the transaction and close the connection without a response body.
 *
 * <p>Example: {@code SecRule ARGS "@rx <script" "id:1,phase:2,drop"}.
 */
final class Drop implements Action {

    @Override
    public void applyTo(RuleDraft rule) throws ActionException {
        rule.requireHead("drop");
        rule.disruptive = Disruptive.DROP;
    }
}
