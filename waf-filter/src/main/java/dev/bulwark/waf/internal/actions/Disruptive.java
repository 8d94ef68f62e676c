package dev.bulwark.waf.internal.actions;

/** The disruptive actions. {@code BLOCK} is resolved against {@code SecDefaultAction} at load. */
public enum Disruptive {
    PASS,
    DENY,
    BLOCK,
    DROP,
    REDIRECT,
    /** Stop rule processing for the rest of the transaction's request and response phases. */
    ALLOW,
    /** Stop processing of the current phase only. */
    ALLOW_PHASE,
    /** Stop processing of the request phases; response phases still run. */
    ALLOW_REQUEST
}
