package dev.bulwark.waf.internal.actions;

/**
 * {@code status:N}: the HTTP status of a {@code deny} (default 403).
 *
 * <p>Example: {@code status:429}.
 */
final class Status implements Action {

    private final int status;

    Status(String argument) throws ActionException {
        long s = ArgumentParsing.positiveLong("status", argument);
        if (s < 100 || s > 599) {
            throw new ActionException("status must be an HTTP status 100..599, not " + s);
        }
        this.status = (int) s;
    }

    @Override
    public void applyTo(RuleDraft rule) throws ActionException {
        rule.requireHead("status");
        rule.status = status;
    }
}
