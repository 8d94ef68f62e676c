package dev.bulwark.waf.internal.actions;

/**
 * {@code skipAfter:MARKER}: when the rule matches, skip the rules after it up to and including the
 * {@code SecMarker} (or rule id) named, in the current phase.
 *
 * <p>Example: {@code skipAfter:END-REQUEST-942-APPLICATION-ATTACK-SQLI}.
 */
final class SkipAfter implements Action {

    private final String marker;

    SkipAfter(String argument) throws ActionException {
        this.marker = ArgumentParsing.required("skipAfter", argument).trim();
    }

    @Override
    public void applyTo(RuleDraft rule) throws ActionException {
        rule.requireRule("skipAfter");
        rule.requireHead("skipAfter");
        rule.skipAfter = marker;
    }
}
