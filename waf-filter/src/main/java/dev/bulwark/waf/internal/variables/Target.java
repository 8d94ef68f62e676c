package dev.bulwark.waf.internal.variables;

import dev.bulwark.waf.internal.body.XPathLite;
import dev.bulwark.waf.internal.regex.Regex;
import dev.bulwark.waf.internal.regex.RegexSyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One element of a rule's variable list: {@code ARGS}, {@code ARGS:name}, {@code ARGS:/regex/},
 * {@code !ARGS:name} (exclusion), {@code &ARGS} (count). Keys compare case-insensitively; key regexes are
 * case-insensitive too, as in ModSecurity. Immutable (its cache of key verdicts only saves work).
 */
public final class Target {

    private final Variable variable;
    private final String key;
    private final String lowerCaseKey;
    private final Regex keyRegex;
    private final XPathLite xpath;
    private final boolean count;
    private final boolean exclusion;
    private final String source;
    /**
     * Verdicts of {@link #keyRegex} by key, shared by all transactions: the names a collection holds mostly repeat
     * from request to request (the TX variables CRS sets in every transaction), and a lookup costs less than a
     * regex run over every name. Bounded in entries and key length, since some keys come from clients.
     */
    private final ConcurrentHashMap<String, Boolean> keyVerdicts;

    /**
     * The last name {@link #entryName} built. A plain field: the record's final fields make a racy read safe, and a
     * lost update only costs a rebuild.
     */
    private EntryName lastEntryName;

    private record EntryName(String key, String name) { }

    /** Bounds of {@link #keyVerdicts}. */
    static final int KEY_VERDICTS = 2048;
    static final int KEY_VERDICT_LENGTH = 64;

    private Target(Variable variable, String key, Regex keyRegex, boolean count, boolean exclusion, String source) {
        this.variable = variable;
        this.key = key;
        this.keyRegex = keyRegex;
        // the pattern was compiled as "(?i)" + what the rule wrote (names match ignoring case)
        this.keyPrefix = keyRegex == null ? null : literalPrefix(keyRegex.source().substring(4));
        this.keyVerdicts = keyRegex == null ? null : new ConcurrentHashMap<>();
        this.lowerCaseKey = key == null ? null : asciiLowerCase(key).intern(); // see MacroText.parse
        // XML keys are XPath expressions: compiled once, here, so a bad one fails at load time
        this.xpath = variable == Variable.XML && key != null && !exclusion ? XPathLite.compile(key) : null;
        this.count = count;
        this.exclusion = exclusion;
        this.source = source;
    }

    /** Parses a whole variable list ({@code A|B:x|!B:y}). */
    public static List<Target> parseList(String text) {
        List<Target> targets = new ArrayList<>();
        for (String part : splitList(text)) {
            targets.add(parse(part));
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("empty variable list");
        }
        return targets;
    }

    /** Parses one element; throws IllegalArgumentException naming what is wrong. */
    public static Target parse(String text) {
        String s = text.trim();
        String source = s;
        boolean exclusion = false;
        boolean count = false;
        if (s.startsWith("!")) {
            exclusion = true;
            s = s.substring(1);
        }
        if (s.startsWith("&")) {
            count = true;
            s = s.substring(1);
        }
        int colon = s.indexOf(':');
        String name = colon < 0 ? s : s.substring(0, colon);
        String selector = colon < 0 ? null : s.substring(colon + 1);
        Variable variable = Variable.lookup(name.trim());
        if (variable == null) {
            throw new IllegalArgumentException("unknown variable '" + name + "'");
        }
        if (exclusion && count) {
            throw new IllegalArgumentException("'!' and '&' cannot be combined: '" + text + "'");
        }
        if (selector == null || selector.isEmpty()) {
            // !VAR without a key removes the whole variable (used by ctl:ruleRemoveTarget* and update-target)
            return new Target(variable, null, null, count, exclusion, source);
        }
        if (!variable.isCollection()) {
            throw new IllegalArgumentException("variable " + variable + " takes no key, got '" + text + "'");
        }
        if (selector.length() >= 2 && selector.startsWith("'") && selector.endsWith("'")) {
            selector = selector.substring(1, selector.length() - 1);
        }
        if (variable != Variable.XML && selector.length() >= 2 && selector.startsWith("/")
                && selector.endsWith("/")) {
            String pattern = selector.substring(1, selector.length() - 1);
            try {
                return new Target(variable, null, Regex.compile("(?i)" + pattern), count, exclusion, source);
            } catch (RegexSyntaxException e) {
                throw new IllegalArgumentException("key regex of '" + text + "': " + e.getMessage());
            }
        }
        return new Target(variable, selector, null, count, exclusion, source);
    }

    /** The exclusion a {@code ctl:ruleRemoveTarget*} names ({@code ARGS:pwd}, {@code REQUEST_FILENAME}). */
    public static Target exclusionOf(String text) {
        String t = text.trim();
        return parse(t.startsWith("!") ? t : "!" + t);
    }

    /** Splits on '|' except inside a /regex/ key (XML keys are XPath and may start with '/'). */
    static List<String> splitList(String text) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == ':' && i + 1 < n && text.charAt(i + 1) == '/'
                    && !text.substring(start, i).replace("!", "").replace("&", "").trim()
                            .equalsIgnoreCase("XML")) {
                // regex key: runs to the next unescaped '/' that is followed by '|' or the end
                int j = i + 2;
                while (j < n) {
                    char d = text.charAt(j);
                    if (d == '\\') {
                        j += 2;
                        continue;
                    }
                    if (d == '/' && (j + 1 == n || text.charAt(j + 1) == '|')) {
                        break;
                    }
                    j++;
                }
                i = Math.min(j + 1, n);
                continue;
            }
            if (c == '|') {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
            i++;
        }
        parts.add(text.substring(start));
        parts.removeIf(p -> p.trim().isEmpty());
        return parts;
    }

    public Variable variable() {
        return variable;
    }

    /** For {@code XML:<expression>}: the compiled expression; otherwise null. */
    public XPathLite xpath() {
        return xpath;
    }

    /** The literal key, or null. */
    public String key() {
        return key;
    }

    /** The literal key with ASCII letters lower-cased (how collections store their keys), or null. */
    public String lowerCaseKey() {
        return lowerCaseKey;
    }

    private static String asciiLowerCase(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return b.toString();
    }

    public boolean hasSelector() {
        return key != null || keyRegex != null;
    }

    public boolean isCount() {
        return count;
    }

    public boolean isExclusion() {
        return exclusion;
    }

    /**
     * The display name ({@code TX:blocking_paranoia_level}) of entry {@code entryKey} of this target's variable. A
     * keyed target mostly finds the same key object in every transaction (an interned name from a setvar), so the
     * last name is kept and reused when the key is that very object.
     */
    public String entryName(String entryKey) {
        EntryName last = lastEntryName;
        if (last != null && last.key == entryKey) {
            return last.name;
        }
        String name = variable.name() + ":" + entryKey;
        lastEntryName = new EntryName(entryKey, name);
        return name;
    }

    /** Whether an entry called {@code entryKey} is selected by this target's key (any entry when none). */
    public boolean selects(String entryKey) {
        if (key != null) {
            return key.equalsIgnoreCase(entryKey);
        }
        if (keyRegex != null) {
            return regexSelects(entryKey);
        }
        return true;
    }

    /**
     * For a key regex that is an anchored literal of letters, digits, '_' and '-' ({@code /^header_name_920450_/},
     * which CRS 920450 runs over every TX name), the literal: such a pattern selects exactly the names starting with
     * it, ignoring case, so a prefix test replaces the regex and its verdict cache. Null for any other pattern.
     */
    private final String keyPrefix;

    static String literalPrefix(String pattern) {
        if (pattern.length() < 2 || pattern.charAt(0) != '^') {
            return null;
        }
        for (int i = 1; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '-';
            if (!plain) {
                return null;
            }
        }
        return pattern.substring(1);
    }

    private boolean regexSelects(String entryKey) {
        if (keyPrefix != null) {
            return entryKey.regionMatches(true, 0, keyPrefix, 0, keyPrefix.length());
        }
        if (entryKey.length() > KEY_VERDICT_LENGTH) {
            return keyRegex.find(entryKey);
        }
        Boolean known = keyVerdicts.get(entryKey);
        if (known != null) {
            return known;
        }
        boolean selected = keyRegex.find(entryKey);
        if (keyVerdicts.size() < KEY_VERDICTS) {
            keyVerdicts.put(entryKey, selected);
        }
        return selected;
    }

    /** For an exclusion: whether it removes variable {@code v} altogether (no key given). */
    public boolean excludesWhole(Variable v) {
        return exclusion && variable == v && !hasSelector();
    }

    /** For an exclusion: whether it removes entry {@code entryKey} of {@code v}. */
    public boolean excludes(Variable v, String entryKey) {
        return exclusion && variable == v && selects(entryKey);
    }

    @Override
    public String toString() {
        return source;
    }
}
