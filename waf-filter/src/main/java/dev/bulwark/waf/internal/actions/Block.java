package dev.bulwark.waf.internal.actions;

/**
 * {@code block}: carry out the disruptive action of the phase's {@code SecDefaultAction} (with CRS: {@code pass},
 * the anomaly-scoring rules then decide).
 *
 * <p>Example: {@code SecRule ARGS "@rx <script" "id:1,phase:2,block"}.
 */
final class Block implements Action {

    @Override
    public void applyTo(RuleDraft rule) throws ActionException {
        rule.requireHead("block");
        rule.disruptive = Disruptive.BLOCK;
    }
}
