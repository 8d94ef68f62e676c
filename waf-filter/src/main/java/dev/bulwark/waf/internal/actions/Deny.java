package dev.bulwark.waf.internal.actions;

/**
 * {@code deny}: stop the transaction and answer with the rule's {@code status} (403 by default).
 *
 * <p>Example: {@code SecRule ARGS "@rx <script" "id:1,phase:2,deny"}.
 */
final class Deny implements Action {

    @Override
    public void applyTo(RuleDraft rule) throws ActionException {
        rule.requireHead("deny");
        rule.disruptive = Disruptive.DENY;
    }
}
