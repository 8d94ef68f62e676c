package dev.bulwark.waf.internal.regex;

/** A pattern RE2 does not accept. */
public final class RegexSyntaxException extends Exception {

    private final String pattern;

    public RegexSyntaxException(String pattern, String description) {
        super("invalid regular expression (RE2 syntax): " + description);
        this.pattern = pattern;
    }

    public String pattern() {
        return pattern;
    }
}
