package dev.bulwark.waf.internal.actions;

/**
 * {@code allow}, {@code allow:phase}, {@code allow:request}: stop rule processing — for the whole
 * transaction, for the current phase only, or for the request phases only.
 *
 * <p>Example: {@code SecRule REMOTE_ADDR "@ipMatch 10.0.0.0/8" "id:1,phase:1,allow"}.
 */
final class Allow implements Action {

    private final Disruptive kind;

    Allow(String argument) throws ActionException {
        if (argument == null || argument.isBlank()) {
            kind = Disruptive.ALLOW;
        } else if (argument.trim().equalsIgnoreCase("phase")) {
            kind = Disruptive.ALLOW_PHASE;
        } else if (argument.trim().equalsIgnoreCase("request")) {
            kind = Disruptive.ALLOW_REQUEST;
        } else {
            throw new ActionException("allow takes no argument, 'phase' or 'request', not '" + argument + "'");
        }
    }

    @Override
    public void applyTo(RuleDraft rule) throws ActionException {
        rule.requireHead("allow");
        rule.disruptive = kind;
    }
}
