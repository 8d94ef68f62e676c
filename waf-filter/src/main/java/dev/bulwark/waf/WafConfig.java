package dev.bulwark.waf;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to build a {@link RuleSet} and run the filter: the rule sources, in order, and the settings that the rules
 * may override with SecLang directives. Immutable; create with {@link #builder()}.
 */
public final class WafConfig {

    private final List<RuleSource> ruleSources;
    private final EngineMode engineMode;
    private final Long requestBodyLimit;
    private final Boolean requestBodyAccess;
    private final FailMode failMode;

    private WafConfig(Builder b) {
        this.ruleSources = List.copyOf(b.ruleSources);
        this.engineMode = b.engineMode;
        this.requestBodyLimit = b.requestBodyLimit;
        this.requestBodyAccess = b.requestBodyAccess;
        this.failMode = b.failMode == null ? FailMode.CLOSED : b.failMode;
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<RuleSource> ruleSources() {
        return ruleSources;
    }

    /**
     * The engine mode to use, or null to take {@code SecRuleEngine} from the rules (On when they set none). When set,
     * it wins over the rules, so operators can switch a deployment to DetectionOnly without editing rule files.
     */
    public EngineMode engineMode() {
        return engineMode;
    }

    /** The request body limit in bytes overriding {@code SecRequestBodyLimit}, or null. */
    public Long requestBodyLimit() {
        return requestBodyLimit;
    }

    /** Whether request bodies are inspected, overriding {@code SecRequestBodyAccess}, or null. */
    public Boolean requestBodyAccess() {
        return requestBodyAccess;
    }

    public FailMode failMode() {
        return failMode;
    }

    /** Builds a {@link WafConfig}; each setting may be given once, and {@link #build()} checks them. */
    public static final class Builder {
        private final List<RuleSource> ruleSources = new ArrayList<>();
        private EngineMode engineMode;
        private Long requestBodyLimit;
        private Boolean requestBodyAccess;
        private FailMode failMode;

        private Builder() {}

        /** Adds rule sources, loaded in the order they are added. */
        public Builder rules(RuleSource... sources) {
            for (RuleSource s : sources) {
                ruleSources.add(Objects.requireNonNull(s, "rule source"));
            }
            return this;
        }

        /** Adds rules given in the notation of {@link RuleSource#parse}. */
        public Builder rules(String... specs) {
            for (String s : specs) {
                ruleSources.add(RuleSource.parse(Objects.requireNonNull(s, "rule source")));
            }
            return this;
        }

        public Builder engineMode(EngineMode mode) {
            if (engineMode != null) {
                throw new IllegalStateException("engineMode was already set to " + engineMode);
            }
            engineMode = Objects.requireNonNull(mode, "engineMode");
            return this;
        }

        public Builder requestBodyLimit(long bytes) {
            if (requestBodyLimit != null) {
                throw new IllegalStateException("requestBodyLimit was already set to " + requestBodyLimit);
            }
            if (bytes < 0) {
                throw new IllegalArgumentException("requestBodyLimit must be >= 0, not " + bytes);
            }
            requestBodyLimit = bytes;
            return this;
        }

        public Builder requestBodyAccess(boolean on) {
            if (requestBodyAccess != null) {
                throw new IllegalStateException("requestBodyAccess was already set to " + requestBodyAccess);
            }
            requestBodyAccess = on;
            return this;
        }

        public Builder failMode(FailMode mode) {
            if (failMode != null) {
                throw new IllegalStateException("failMode was already set to " + failMode);
            }
            failMode = Objects.requireNonNull(mode, "failMode");
            return this;
        }

        public WafConfig build() {
            if (ruleSources.isEmpty()) {
                throw new IllegalStateException("no rules: add at least one rule source with rules(...)");
            }
            return new WafConfig(this);
        }
    }
}
