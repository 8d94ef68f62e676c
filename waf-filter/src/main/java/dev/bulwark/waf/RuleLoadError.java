package dev.bulwark.waf;

import java.util.Objects;

/** One problem found while loading rules, with the place it was written. */
public record RuleLoadError(SourceLocation location, String message) {

    public RuleLoadError {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return location + ": " + message;
    }
}
