package dev.bulwark.waf.internal.operators;

import dev.bulwark.waf.internal.macro.MacroText;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The argument of an operator as written in a rule, with what a factory may need to compile it.
 *
 * @param text the argument after SecLang unquoting (a byte string, one char per byte)
 * @param macro {@code text} parsed for {@code %{...}} references
 * @param baseDirectory the directory of the rules file, for operators reading files ({@code @pmFromFile}); null
 *     when the rule did not come from a file
 */
public record OperatorArgument(String text, MacroText macro, Path baseDirectory) {

    public OperatorArgument {
        Objects.requireNonNull(text);
        Objects.requireNonNull(macro);
    }

    /** An argument for rules built in code or tests, without a base directory. */
    public static OperatorArgument of(String text) {
        return new OperatorArgument(text, MacroText.parse(text), null);
    }

    public static OperatorArgument of(String text, Path baseDirectory) {
        return new OperatorArgument(text, MacroText.parse(text), baseDirectory);
    }
}
