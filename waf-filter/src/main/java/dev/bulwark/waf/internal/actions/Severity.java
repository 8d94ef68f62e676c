package dev.bulwark.waf.internal.actions;

/**
 * {@code severity:N|NAME}: 0 EMERGENCY, 1 ALERT, 2 CRITICAL, 3 ERROR, 4 WARNING, 5 NOTICE, 6 INFO, 7 DEBUG.
 *
 * <p>Example: {@code severity:'CRITICAL'}.
 */
final class Severity implements Action {

    static final java.util.List<String> NAMES =
            java.util.List.of("EMERGENCY", "ALERT", "CRITICAL", "ERROR", "WARNING", "NOTICE", "INFO", "DEBUG");

    private final int level;

    Severity(String argument) throws ActionException {
        String a = ArgumentParsing.required("severity", argument).trim();
        int byName = NAMES.indexOf(a.toUpperCase(java.util.Locale.ROOT));
        if (byName >= 0) {
            level = byName;
        } else {
            long n = ArgumentParsing.positiveOrZeroLong("severity", a);
            if (n > 7) {
                throw new ActionException("severity must be 0..7 or one of " + NAMES + ", not '" + a + "'");
            }
            level = (int) n;
        }
    }

    @Override
    public void applyTo(RuleDraft rule) throws ActionException {
        rule.requireRule("severity");
        rule.severity = level;
    }
}
