package dev.bulwark.waf.internal.operators;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code @pmFromFile file1 file2 ...} (alias {@code @pmf}): {@code @pm} with its phrases read from files, one phrase
 * per line. Relative file names are resolved against the directory of the rules file. Files are read as bytes (each
 * byte one char, so UTF-8 phrases match UTF-8 request bytes); leading and trailing white space is trimmed, and empty
 * lines and lines starting with {@code #} are skipped; each line is one phrase, spaces included, in ModSecurity's
 * phrase syntax ({@link PhraseSyntax}). A file without phrases is allowed and never matches. Matching and
 * {@code capture} behave as for {@link Pm}.
 *
 * <p>Example: {@code SecRule REQUEST_HEADERS:User-Agent "@pmFromFile scanners-user-agents.data" "id:1,deny"}.
 */
final class PmFromFile {

    private PmFromFile() {}

    /** The {@code @pmFromFile} / {@code @pmf} factory. */
    static Operator create(OperatorArgument argument) throws OperatorException {
        List<String> phrases = new ArrayList<>();
        for (Path file : DataFiles.resolve("pmFromFile", argument)) {
            for (DataFiles.Line line : DataFiles.lines(file)) {
                phrases.add(PhraseSyntax.decodePhrase(line.text()));
            }
        }
        return Pm.of("@pmFromFile " + argument.text(), PhraseMatcher.build(phrases));
    }
}
