package dev.bulwark.waf;

import java.util.List;

/**
 * Rules could not be loaded. Lists every error found (up to a cap), each with its file:line; nothing is loaded
 * partially.
 */
public final class RuleLoadException extends Exception {

    private final List<RuleLoadError> errors;

    public RuleLoadException(List<RuleLoadError> errors) {
        super(describe(errors));
        this.errors = List.copyOf(errors);
    }

    /** The errors, in the order they were found. */
    public List<RuleLoadError> errors() {
        return errors;
    }

    private static String describe(List<RuleLoadError> errors) {
        StringBuilder b = new StringBuilder("Rules could not be loaded (")
                .append(errors.size()).append(errors.size() == 1 ? " error)" : " errors)");
        for (RuleLoadError e : errors) {
            b.append(System.lineSeparator()).append("  ").append(e);
        }
        return b.toString();
    }
}
