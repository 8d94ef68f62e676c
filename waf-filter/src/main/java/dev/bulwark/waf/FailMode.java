package dev.bulwark.waf;

/** What happens to a request when the engine itself fails (a bug, an unexpected exception). */
public enum FailMode {
    /** Refuse the request (500 with a short page, logged with the incident id). The default: a WAF that fails open
     * can be switched off by anyone who finds the input that breaks it. */
    CLOSED,
    /** Let the request through and log the error; for sites that value availability over protection. */
    OPEN
}
