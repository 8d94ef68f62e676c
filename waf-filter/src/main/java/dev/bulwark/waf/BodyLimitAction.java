package dev.bulwark.waf;

import java.util.Locale;

/**
 * {@code SecRequestBodyLimitAction}: what happens to a request whose body is over {@code SecRequestBodyLimit} or whose
 * non-file data is over {@code SecRequestBodyNoFilesLimit}. In {@link EngineMode#DETECTION_ONLY} both behave as
 * {@link #PROCESS_PARTIAL}: nothing is refused.
 */
public enum BodyLimitAction {
    /** The request is refused with 413 and the application never sees it. */
    REJECT("Reject"),
    /** The rules inspect the body up to the limit; the application still gets all of it. */
    PROCESS_PARTIAL("ProcessPartial");

    private final String secLang;

    BodyLimitAction(String secLang) {
        this.secLang = secLang;
    }

    /** The SecLang spelling ({@code Reject}, {@code ProcessPartial}). */
    public String secLang() {
        return secLang;
    }

    /** Parses the SecLang spelling (any case); throws with the accepted values otherwise. */
    public static BodyLimitAction parse(String value) {
        for (BodyLimitAction a : values()) {
            if (a.secLang.toLowerCase(Locale.ROOT).equals(value.trim().toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        throw new IllegalArgumentException("body limit action must be Reject or ProcessPartial, not '" + value + "'");
    }
}
