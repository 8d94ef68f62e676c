package dev.bulwark.waf.internal.transformations;

/**
 * {@code t:normalizePathWin} (also spelled {@code t:normalisePathWin}): like {@code normalizePath}, after turning
 * backslashes into slashes. See {@link PathNormalizer} for the exact rules.
 *
 * <p>Example: {@code "\dir\.\sub\..\etc\\passwd"} becomes {@code "/dir/etc/passwd"}.
 */
final class NormalizePathWin implements Transformation {

    private static final long TRIGGERS = CharClasses.punctuation("./\\");

    private final String name;

    /** {@code name}: the spelling this instance is registered under. */
    NormalizePathWin(String name) {
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
        return PathNormalizer.normalize(value, true);
    }
}
