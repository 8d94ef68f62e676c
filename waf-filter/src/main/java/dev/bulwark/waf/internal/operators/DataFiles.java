package dev.bulwark.waf.internal.operators;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the data files of {@code @pmFromFile} and {@code @ipMatchFromFile}. */
final class DataFiles {

    /** One meaningful line of a data file, with its 1-based line number for error messages. */
    record Line(int number, String text) {}

    private DataFiles() {}

    /**
     * The files named in the argument (separated by white space), resolved against the rules file's directory.
     *
     * @throws OperatorException when no file is named, a name is a URL, or a relative name has no directory to
     *     resolve against
     */
    static List<Path> resolve(String operator, OperatorArgument argument) throws OperatorException {
        List<Path> files = new ArrayList<>();
        for (String name : argument.text().trim().split("[ \\t\\n\\x0b\\f\\r]+")) {
            if (name.isEmpty()) {
                continue;
            }
            if (name.regionMatches(true, 0, "http://", 0, 7) || name.regionMatches(true, 0, "https://", 0, 8)) {
                throw new OperatorException("@" + operator + ": remote data files are not supported by Bulwark ("
                        + name + "); download the file and name it locally");
            }
            Path path;
            try {
                path = Path.of(name);
            } catch (InvalidPathException e) {
                throw new OperatorException("@" + operator + ": invalid file name \"" + name + "\"", e);
            }
            if (!path.isAbsolute()) {
                if (argument.baseDirectory() == null) {
                    throw new OperatorException("@" + operator + ": cannot resolve the relative file name \"" + name
                            + "\": the rule does not come from a file; use an absolute path");
                }
                path = argument.baseDirectory().resolve(path);
            }
            files.add(path.normalize());
        }
        if (files.isEmpty()) {
            throw new OperatorException("@" + operator + " needs a file name");
        }
        return files;
    }

    /**
     * The meaningful lines of a data file: read as bytes (one char per byte), trimmed of C white space, without empty
     * lines and {@code #} comment lines.
     *
     * @throws OperatorException naming the file when it cannot be read
     */
    static List<Line> lines(Path file) throws OperatorException {
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new OperatorException("cannot read data file " + file + ": " + describe(e), e);
        }
        List<Line> lines = new ArrayList<>();
        int start = 0;
        int number = 0;
        while (start <= text.length()) {
            number++;
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            String line = trim(text, start, end);
            if (!line.isEmpty() && line.charAt(0) != '#') {
                lines.add(new Line(number, line));
            }
            start = end + 1;
        }
        return lines;
    }

    private static String trim(String text, int start, int end) {
        while (start < end && ByteChars.isSpace(text.charAt(start))) {
            start++;
        }
        while (end > start && ByteChars.isSpace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    private static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "access denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
