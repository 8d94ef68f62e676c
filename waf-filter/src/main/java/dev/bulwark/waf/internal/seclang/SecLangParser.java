package dev.bulwark.waf.internal.seclang;

import dev.bulwark.waf.RuleLoadError;
import dev.bulwark.waf.SourceLocation;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/**
 * Reads SecLang text into {@link Directive}s the way ModSecurity (through Apache's config reader) does:
 *
 * <ul>
 *   <li>a line whose first non-blank char is {@code #} is a comment;
 *   <li>a line ending in {@code \} continues on the next line (the backslash is removed, nothing else);
 *   <li>arguments are separated by blanks; an argument may be double- or single-quoted, and inside it {@code \"}
 *       (the quote char) and {@code \\} stand for the char itself, any other backslash is kept;
 *   <li>{@code Include} (with globs, relative to the including file) is expanded in place; includes nest at most
 *       {@value #MAX_INCLUDE_DEPTH} deep and a file may not include itself. This holds for classpath resources too
 *       (in a directory or a jar), so a rule package can ship a main file that includes its parts.
 * </ul>
 *
 * Files are read as bytes, one char per byte (ISO-8859-1), so patterns see exactly the bytes that were written.
 * Every directive keeps the file and the line it starts on. Errors are collected, not thrown one at a time.
 */
public final class SecLangParser implements AutoCloseable {

    static final int MAX_INCLUDE_DEPTH = 16;

    private final List<Directive> directives = new ArrayList<>();
    private final List<RuleLoadError> errors;
    private final Deque<Path> includeStack = new ArrayDeque<>();
    /** Jars opened to resolve includes of classpath resources; open until {@link #close()}, since directives keep
     * their base directory (operators read data files relative to it while the rules compile). */
    private final List<FileSystem> openedArchives = new ArrayList<>();

    public SecLangParser(List<RuleLoadError> errors) {
        this.errors = errors;
    }

    /** The directives read so far, in order. */
    public List<Directive> directives() {
        return directives;
    }

    /** Reads a rules file (includes expanded). */
    public void parseFile(Path file, SourceLocation includedFrom) {
        Path normalized = file.toAbsolutePath().normalize();
        if (includeStack.contains(normalized)) {
            errors.add(new RuleLoadError(includedFrom, "Include cycle: " + normalized + " includes itself"));
            return;
        }
        if (includeStack.size() >= MAX_INCLUDE_DEPTH) {
            errors.add(new RuleLoadError(includedFrom, "Include nested deeper than " + MAX_INCLUDE_DEPTH));
            return;
        }
        String text;
        try {
            text = new String(Files.readAllBytes(normalized), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            errors.add(new RuleLoadError(includedFrom, "cannot read rules file " + normalized + ": " + e));
            return;
        }
        includeStack.push(normalized);
        try {
            parse(text, describe(normalized), normalized.getParent());
        } finally {
            includeStack.pop();
        }
    }

    /** Reads every file a glob matches (in name order); a glob matching nothing is an error. */
    public void parseGlob(Path pattern, SourceLocation requestedAt) {
        List<Path> files;
        try {
            files = expandGlob(pattern.normalize());
        } catch (PatternSyntaxException e) {
            errors.add(new RuleLoadError(requestedAt, "invalid rules glob " + pattern + ": " + e.getDescription()));
            return;
        }
        if (files.isEmpty()) {
            errors.add(new RuleLoadError(requestedAt, "rules glob matched no file: " + pattern));
        }
        for (Path f : files) {
            parseFile(f, requestedAt);
        }
    }

    /**
     * Reads a classpath resource. Relative includes inside it resolve against the resource's folder when the resource
     * lives in a directory or a jar; from any other kind of class loader they are an error.
     */
    public void parseResource(String name, ClassLoader loader, SourceLocation requestedAt) {
        String path = name.startsWith("/") ? name.substring(1) : name;
        URL url = loader.getResource(path);
        if (url == null) {
            errors.add(new RuleLoadError(requestedAt, "classpath resource not found: " + name));
            return;
        }
        try (InputStream in = url.openStream()) {
            String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            parse(text, "classpath:" + path, resourceFolder(url));
        } catch (IOException e) {
            errors.add(new RuleLoadError(requestedAt, "cannot read classpath resource " + name + ": " + e));
        }
    }

    /** The folder holding a classpath resource as a {@link Path}, or null when it has no file system form. */
    private Path resourceFolder(URL url) throws IOException {
        switch (url.getProtocol()) {
            case "file":
                try {
                    return Path.of(url.toURI()).getParent();
                } catch (URISyntaxException | IllegalArgumentException e) {
                    return null;
                }
            case "jar": {
                JarURLConnection connection = (JarURLConnection) url.openConnection();
                URL jarFile = connection.getJarFileURL();
                if (!"file".equals(jarFile.getProtocol())) {
                    return null;
                }
                Path jar;
                try {
                    jar = Path.of(jarFile.toURI());
                } catch (URISyntaxException | IllegalArgumentException e) {
                    return null;
                }
                // A private (unregistered) zip file system: nothing shared with other loaders, closed with us.
                FileSystem archive = FileSystems.newFileSystem(jar);
                openedArchives.add(archive);
                return archive.getPath("/" + connection.getEntryName()).getParent();
            }
            default:
                return null;
        }
    }

    /** How a file is named in locations: its path, or {@code classpath:NAME} for a file inside a jar. */
    private static String describe(Path file) {
        if (file.getFileSystem() == FileSystems.getDefault()) {
            return file.toString();
        }
        String s = file.toString();
        return "classpath:" + (s.startsWith("/") ? s.substring(1) : s);
    }

    /** Closes the jars opened to read classpath includes. */
    @Override
    public void close() {
        for (FileSystem fs : openedArchives) {
            try {
                fs.close();
            } catch (IOException e) {
                // Nothing was written to it; a failed close leaks one file handle at worst.
            }
        }
        openedArchives.clear();
    }

    /** Reads rules given as text; {@code origin} names them in locations. */
    public void parse(String text, String origin, Path baseDirectory) {
        String[] lines = text.split("\r?\n", -1);
        StringBuilder logical = new StringBuilder();
        int startLine = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (logical.length() == 0) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.charAt(0) == '#') {
                    continue;
                }
                startLine = i + 1;
            }
            String stripped = stripTrailingBlanks(line);
            if (stripped.endsWith("\\") && i + 1 < lines.length) {
                logical.append(stripped, 0, stripped.length() - 1);
                continue;
            }
            logical.append(stripped);
            directive(logical.toString(), new SourceLocation(origin, startLine), baseDirectory);
            logical.setLength(0);
        }
        if (logical.length() > 0) {
            directive(logical.toString(), new SourceLocation(origin, startLine), baseDirectory);
        }
    }

    private static String stripTrailingBlanks(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(0, end);
    }

    private void directive(String text, SourceLocation location, Path baseDirectory) {
        List<String> words;
        try {
            words = split(text);
        } catch (IllegalArgumentException e) {
            errors.add(new RuleLoadError(location, e.getMessage()));
            return;
        }
        if (words.isEmpty()) {
            return;
        }
        String name = words.get(0);
        List<String> args = words.subList(1, words.size());
        if (name.equalsIgnoreCase("Include") || name.equalsIgnoreCase("IncludeOptional")) {
            include(name, args, location, baseDirectory);
            return;
        }
        directives.add(new Directive(name, args, location, baseDirectory));
    }

    private void include(String name, List<String> args, SourceLocation location, Path baseDirectory) {
        if (args.size() != 1) {
            errors.add(new RuleLoadError(location, name + " takes exactly one path"));
            return;
        }
        Path pattern;
        List<Path> files;
        try {
            pattern = Path.of(args.get(0));
            if (!pattern.isAbsolute()) {
                if (baseDirectory == null) {
                    errors.add(new RuleLoadError(location,
                            name + " with a relative path needs rules loaded from a file or a directory or jar on the"
                            + " classpath: " + args.get(0)));
                    return;
                }
                // resolve(String), not resolve(Path): the base may be inside a jar (another file system)
                pattern = baseDirectory.resolve(args.get(0));
            }
            files = expandGlob(pattern.normalize());
        } catch (InvalidPathException e) {
            // e.g. a NUL byte: a path no file system accepts
            errors.add(new RuleLoadError(location, name + ": invalid path " + args.get(0) + ": " + e.getReason()));
            return;
        } catch (PatternSyntaxException e) {
            errors.add(new RuleLoadError(location, name + ": invalid glob " + args.get(0) + ": "
                    + e.getDescription()));
            return;
        }
        if (files.isEmpty()) {
            if (!name.equalsIgnoreCase("IncludeOptional")) {
                errors.add(new RuleLoadError(location, "Include matched no file: " + pattern.normalize()));
            }
            return;
        }
        for (Path f : files) {
            parseFile(f, location);
        }
    }

    /**
     * Expands a glob in the last path element (and only there), sorted by name as Apache does.
     *
     * @throws PatternSyntaxException when the glob is malformed (e.g. an unclosed {@code [})
     */
    static List<Path> expandGlob(Path pattern) {
        String last = pattern.getFileName() == null ? "" : pattern.getFileName().toString();
        if (!(last.contains("*") || last.contains("?") || last.contains("["))) {
            return Files.isRegularFile(pattern) ? List.of(pattern) : List.of();
        }
        Path dir = pattern.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        PathMatcher matcher = pattern.getFileSystem().getPathMatcher("glob:" + last);
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (Files.isRegularFile(p) && matcher.matches(p.getFileName())) {
                    out.add(p);
                }
            }
        } catch (IOException | DirectoryIteratorException e) {
            return List.of();
        }
        out.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return out;
    }

    /** Splits a logical line into words, honouring quotes and backslash escapes. */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (true) {
            while (i < n && isBlank(line.charAt(i))) {
                i++;
            }
            if (i >= n) {
                return words;
            }
            char c = line.charAt(i);
            StringBuilder w = new StringBuilder();
            if (c == '"' || c == '\'') {
                char quote = c;
                int start = i;
                i++;
                boolean closed = false;
                while (i < n) {
                    char d = line.charAt(i);
                    if (d == '\\' && i + 1 < n && (line.charAt(i + 1) == quote || line.charAt(i + 1) == '\\')) {
                        w.append(line.charAt(i + 1));
                        i += 2;
                        continue;
                    }
                    if (d == quote) {
                        closed = true;
                        i++;
                        break;
                    }
                    w.append(d);
                    i++;
                }
                if (!closed) {
                    throw new IllegalArgumentException("unterminated quoted argument starting at column "
                            + (start + 1) + ": " + excerpt(line.substring(start)));
                }
                if (i < n && !isBlank(line.charAt(i))) {
                    throw new IllegalArgumentException("unexpected text after closing quote at column "
                            + (i + 1) + ": " + excerpt(line.substring(i)));
                }
            } else {
                while (i < n && !isBlank(line.charAt(i))) {
                    char d = line.charAt(i);
                    if (d == '\\' && i + 1 < n && line.charAt(i + 1) == '\\') {
                        w.append('\\');
                        i += 2;
                        continue;
                    }
                    w.append(d);
                    i++;
                }
            }
            words.add(w.toString());
        }
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    static String excerpt(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
