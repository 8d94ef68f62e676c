package dev.bulwark.waf.internal.regex;

/**
 * Thrown while building a fast matcher when the pattern uses something the fast matcher does not model (Unicode
 * classes, case folding above 255, a too large program, ...). It only means "let RE2/J evaluate this pattern".
 */
final class UnsupportedPatternException extends Exception {

    private static final long serialVersionUID = 1L;

    UnsupportedPatternException(String reason) {
        super(reason, null, false, false);
    }
}
