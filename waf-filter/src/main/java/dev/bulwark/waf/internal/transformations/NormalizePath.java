package dev.bulwark.waf.internal.transformations;

/**
 * {@code t:normalizePath} (also spelled {@code t:normalisePath}): normalises a slash-separated path: removes
 * {@code ./} self references and {@code //} runs, resolves {@code ../} back references, and keeps a trailing slash
 * only when there was one. See {@link PathNormalizer} for the exact rules.
 *
 * <p>Example: {@code "/dir/./sub/../etc//passwd"} becomes {@code "/dir/etc/passwd"}.
 */
final class NormalizePath implements Transformation {

    private static final long TRIGGERS = CharClasses.punctuation("./");

    private final String name;

    /** {@code name}: the spelling this instance is registered under. */
    NormalizePath(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long triggers() {
        return TRIGGERS;
    }

    @Override
    public String apply(String value) {
        return PathNormalizer.normalize(value, false);
    }
}
