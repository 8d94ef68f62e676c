package dev.bulwark.waf.internal.actions;

/**
 * {@code tag:'name'}: a label used to group rules (logs, {@code SecRuleRemoveByTag}, {@code ctl:ruleRemoveByTag}).
 * A rule may carry many.
 *
 * <p>Example: {@code tag:'attack-sqli'}.
 */
final class Tag implements Action {

    private final String tag;

    Tag(String argument) throws ActionException {
        this.tag = ArgumentParsing.required("tag", argument);
    }

    @Override
    public void applyTo(RuleDraft rule) throws ActionException {
        rule.requireRule("tag");
        rule.tags.add(tag);
    }
}
