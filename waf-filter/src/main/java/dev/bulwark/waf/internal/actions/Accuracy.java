package dev.bulwark.waf.internal.actions;

/**
 * {@code accuracy:N}: the accuracy of the rule, 1..9 (informational only).
 *
 * <p>Example: {@code accuracy:9}.
 */
final class Accuracy implements Action {

    private final int value;

    Accuracy(String argument) throws ActionException {
        long v = ArgumentParsing.positiveLong("accuracy", argument);
        if (v > 9) {
            throw new ActionException("accuracy must be 1..9, not " + v);
        }
        this.value = (int) v;
    }

    @Override
    public void applyTo(RuleDraft rule) throws ActionException {
        rule.requireRule("accuracy");
        rule.accuracy = value;
    }
}
