package dev.bulwark.waf.cli;

import java.util.List;

/**
 * Writes the exclusions the commands suggest as ready-to-paste SecLang (the forms of
 * {@code src/site/markdown/exclusions.md}), always ASCII and always loadable whatever bytes the path or the key
 * holds:
 *
 * <ul>
 *   <li>a target is written as it was logged ({@code ARGS:comment}) when its key is plain printable ASCII; a key with
 *       quotes, commas, pipes, backslashes, control bytes or bytes above 0x7F is written as an anchored key regex
 *       with each such byte as {@code \xNN} ({@code ARGS:/^a\x2cb$/}), which selects the same single key;
 *   <li>a path is matched with {@code @streq} (exact, so {@code /post} does not also exclude {@code /post-other}),
 *       or, when it holds bytes {@code @streq} cannot carry ({@code "}, {@code \}, {@code %{}, control bytes, bytes
 *       above 0x7F), with an anchored {@code @rx} using {@code \xNN} escapes.
 * </ul>
 *
 * <pre>
 * SecRule REQUEST_FILENAME "@streq /post" \
 *     "id:10000,\
 *     phase:1,\
 *     pass,\
 *     nolog,\
 *     t:none,\
 *     ctl:ruleRemoveTargetById=1001;ARGS:comment"
 * </pre>
 */
final class SecLangText {

    private SecLangText() {}

    /** One rule id and one target ({@code ARGS:comment}, {@code REQUEST_FILENAME}) to take from it. */
    record Target(long ruleId, String variable) {}

    /**
     * A phase-1 rule with id {@code id} that, for requests whose path is exactly {@code path}, removes each target
     * from its rule ({@code ctl:ruleRemoveTargetById}), one ctl action per target. It changes the current request
     * only, and runs before every phase-2 rule wherever it is loaded.
     */
    static String pathScopedTargetRemoval(long id, String path, List<Target> targets) {
        StringBuilder b = pathRuleStart(id, path);
        for (int k = 0; k < targets.size(); k++) {
            Target t = targets.get(k);
            b.append(",\\\n    ctl:ruleRemoveTargetById=").append(t.ruleId()).append(';').append(target(t.variable()));
        }
        return b.append('"').toString();
    }

    /**
     * The same for rules whose match cannot be narrowed to a target (a count such as {@code &ARGS}): removes the whole
     * rules, for this path only ({@code ctl:ruleRemoveById}).
     */
    static String pathScopedRuleRemoval(long id, String path, List<Long> ruleIds) {
        StringBuilder b = pathRuleStart(id, path);
        for (long r : ruleIds) {
            b.append(",\\\n    ctl:ruleRemoveById=").append(r);
        }
        return b.append('"').toString();
    }

    private static StringBuilder pathRuleStart(long id, String path) {
        StringBuilder b = new StringBuilder(256);
        b.append("SecRule REQUEST_FILENAME \"").append(pathOperator(path)).append("\" \\\n");
        b.append("    \"id:").append(id).append(",\\\n    phase:1,\\\n    pass,\\\n    nolog,\\\n    t:none");
        return b;
    }

    /** {@code SecRuleUpdateTargetById 1001 "!ARGS:comment|!ARGS:body"}: the targets removed on every path. */
    static String globalTargetRemoval(long ruleId, List<String> variables) {
        StringBuilder b = new StringBuilder("SecRuleUpdateTargetById ").append(ruleId).append(" \"");
        for (int k = 0; k < variables.size(); k++) {
            if (k > 0) {
                b.append('|');
            }
            b.append('!').append(target(variables.get(k)));
        }
        return b.append('"').toString();
    }

    /** The operator that matches exactly {@code path} in REQUEST_FILENAME. */
    static String pathOperator(String path) {
        boolean plain = !path.contains("%{");
        for (int k = 0; k < path.length() && plain; k++) {
            char c = path.charAt(k);
            plain = ByteText.printable(c) && c != '"' && c != '\\';
        }
        if (plain && !path.isEmpty() && path.charAt(0) != ' ' && path.charAt(path.length() - 1) != ' ') {
            return "@streq " + path;
        }
        return "@rx ^" + regexLiteral(path, true) + "$";
    }

    /** {@code VAR:key} as it can be written in a target list and a ctl action (see the class comment). */
    static String target(String variable) {
        int colon = variable.indexOf(':');
        if (colon < 0) {
            return variable;
        }
        String name = variable.substring(0, colon);
        String key = variable.substring(colon + 1);
        return plainKey(name, key) ? variable : name + ":/^" + regexLiteral(key, false) + "$/";
    }

    private static boolean plainKey(String name, String key) {
        if (key.isEmpty() || key.charAt(0) == ' ' || key.charAt(key.length() - 1) == ' ') {
            return false;
        }
        // any other variable reads "/.../" as a key regex
        if (key.charAt(0) == '/' && !name.equalsIgnoreCase("XML")) {
            return false;
        }
        for (int k = 0; k < key.length(); k++) {
            char c = key.charAt(k);
            if (!ByteText.printable(c) || c == '"' || c == '\'' || c == '\\' || c == ',' || c == '|') {
                return false;
            }
        }
        return true;
    }

    /**
     * A regex matching exactly {@code s}: letters, digits, {@code _}, {@code -} (and {@code /} when {@code keepSlash};
     * a key regex ends at a slash) as they are, every other byte {@code \xNN}.
     */
    static String regexLiteral(String s, boolean keepSlash) {
        StringBuilder b = new StringBuilder(s.length() * 2);
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'
                    || (c == '/' && keepSlash)) {
                b.append(c);
            } else {
                ByteText.hexEscape(b, c);
            }
        }
        return b.toString();
    }
}
