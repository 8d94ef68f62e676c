package dev.bulwark.waf;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where rules come from: a file, a directory (its {@code *.conf} files in name order), a glob ({@code rules/*.conf}),
 * a classpath resource ({@code classpath:bulwark/base.conf}), or text.
 */
public final class RuleSource {

    enum Kind { PATH, CLASSPATH, TEXT }

    private final Kind kind;
    private final String value;
    private final String origin;

    private RuleSource(Kind kind, String value, String origin) {
        this.kind = kind;
        this.value = Objects.requireNonNull(value);
        this.origin = origin;
    }

    /** A file, directory or glob on the file system. */
    public static RuleSource path(Path path) {
        return new RuleSource(Kind.PATH, path.toString(), null);
    }

    /** A classpath resource, e.g. {@code bulwark/base.conf}. */
    public static RuleSource classpath(String resource) {
        return new RuleSource(Kind.CLASSPATH, resource, null);
    }

    /** Rules given as text; {@code origin} names them in error messages and logs. */
    public static RuleSource text(String rules, String origin) {
        return new RuleSource(Kind.TEXT, rules, Objects.requireNonNull(origin));
    }

    /**
     * Parses the notation used in configuration files and command lines: {@code classpath:NAME} for a classpath
     * resource, anything else a path, directory or glob.
     */
    public static RuleSource parse(String spec) {
        String s = spec.trim();
        if (s.startsWith("classpath:")) {
            return classpath(s.substring("classpath:".length()));
        }
        return path(Path.of(s));
    }

    Kind kind() {
        return kind;
    }

    String value() {
        return value;
    }

    String origin() {
        return origin;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case PATH -> value;
            case CLASSPATH -> "classpath:" + value;
            case TEXT -> origin;
        };
    }
}
