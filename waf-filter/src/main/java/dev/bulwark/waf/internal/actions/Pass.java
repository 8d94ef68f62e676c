package dev.bulwark.waf.internal.actions;

/**
 * {@code pass}: go on with the next rule even though this one matched.
 *
 * <p>Example: {@code SecRule ARGS "@rx <script" "id:1,phase:2,pass"}.
 */
final class Pass implements Action {

    @Override
    public void applyTo(RuleDraft rule) throws ActionException {
        rule.requireHead("pass");
        rule.disruptive = Disruptive.PASS;
    }
}
