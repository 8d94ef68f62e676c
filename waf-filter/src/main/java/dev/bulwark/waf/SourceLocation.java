package dev.bulwark.waf;

import java.util.Objects;

/**
 * Where a directive or rule was written: the file (or resource / description) and the line its directive starts on.
 *
 * @param file the path of the rules file, a {@code classpath:} name, or a description for rules given as text
 * @param line the first physical line of the directive (1-based)
 */
public record SourceLocation(String file, int line) {

    public SourceLocation {
        Objects.requireNonNull(file, "file");
    }

    @Override
    public String toString() {
        return file + ":" + line;
    }
}
