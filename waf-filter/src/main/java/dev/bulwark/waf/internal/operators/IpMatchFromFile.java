package dev.bulwark.waf.internal.operators;

import java.nio.file.Path;

/**
 * {@code @ipMatchFromFile file} (alias {@code @ipMatchF}): {@code @ipMatch} with the networks read from files, one
 * address or CIDR block per line. Relative file names are resolved against the directory of the rules file; several
 * files may be named, separated by spaces. Leading and trailing white space is trimmed, empty lines and lines starting
 * with {@code #} are skipped, and an invalid line is a load error naming the file and line. Remote (URL) lists are not
 * supported.
 *
 * <p>Example: {@code SecRule REMOTE_ADDR "@ipMatchFromFile blocked-networks.txt" "id:1,deny"}.
 */
final class IpMatchFromFile {

    private IpMatchFromFile() {}

    /** The {@code @ipMatchFromFile} / {@code @ipMatchF} factory. */
    static Operator create(OperatorArgument argument) throws OperatorException {
        IpRanges.Builder builder = new IpRanges.Builder();
        for (Path file : DataFiles.resolve("ipMatchFromFile", argument)) {
            for (DataFiles.Line line : DataFiles.lines(file)) {
                String problem = builder.add(line.text());
                if (problem != null) {
                    throw new OperatorException("@ipMatchFromFile: invalid entry \""
                            + ByteChars.escapeForMessage(line.text()) + "\" at " + file + ":" + line.number() + ": "
                            + problem);
                }
            }
        }
        return new IpMatch("@ipMatchFromFile " + argument.text(), builder.build());
    }
}
