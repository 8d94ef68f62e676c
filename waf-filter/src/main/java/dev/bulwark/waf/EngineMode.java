package dev.bulwark.waf;

import java.util.Locale;

/** {@code SecRuleEngine}: whether rules run, and whether their disruptive actions are carried out. */
public enum EngineMode {
    /** Rules run and disruptive actions (deny, drop, redirect) are carried out. */
    ON("On"),
    /** Rules run and are logged; nothing is blocked. */
    DETECTION_ONLY("DetectionOnly"),
    /** Rules do not run. */
    OFF("Off");

    private final String secLang;

    EngineMode(String secLang) {
        this.secLang = secLang;
    }

    /** The SecLang spelling ({@code On}, {@code DetectionOnly}, {@code Off}). */
    public String secLang() {
        return secLang;
    }

    /** Parses the SecLang spelling (any case); throws with the accepted values otherwise. */
    public static EngineMode parse(String value) {
        for (EngineMode m : values()) {
            if (m.secLang.toLowerCase(Locale.ROOT).equals(value.trim().toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("engine mode must be On, Off or DetectionOnly, not '" + value + "'");
    }
}
