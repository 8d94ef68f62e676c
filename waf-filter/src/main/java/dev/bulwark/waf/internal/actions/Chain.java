package dev.bulwark.waf.internal.actions;

/**
 * {@code chain}: the next SecRule is part of this rule; the whole chain matches only when every link
 * matches. Only the first link carries id, phase, disruptive action and metadata.
 *
 * <p>Example: {@code SecRule REQUEST_METHOD "@streq POST" "id:1,deny,chain"} followed by
 * {@code SecRule &ARGS "@eq 0"}.
 */
final class Chain implements Action {

    @Override
    public void applyTo(RuleDraft rule) throws ActionException {
        rule.requireRule("chain");
        rule.chain = true;
    }
}
