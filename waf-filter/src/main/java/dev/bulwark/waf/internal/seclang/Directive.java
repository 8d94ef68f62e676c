package dev.bulwark.waf.internal.seclang;

import dev.bulwark.waf.SourceLocation;
import java.nio.file.Path;
import java.util.List;

/**
 * One SecLang directive after lexing: its name as written, its arguments (unquoted and unescaped), where it was
 * written, and the directory relative paths in it are resolved against (null for rules given as text).
 */
public record Directive(String name, List<String> arguments, SourceLocation location, Path baseDirectory) {

    public Directive {
        arguments = List.copyOf(arguments);
    }

    public String argument(int i) {
        return arguments.get(i);
    }
}
