package dev.bulwark.waf.internal.operators;

import java.util.ArrayList;
import java.util.List;

/**
 * ModSecurity's syntax for literal phrases ({@code @pm}, {@code @pmFromFile} lines, {@code @strmatch}):
 *
 * <ul>
 *   <li>{@code |hex|}: bytes written in hexadecimal, e.g. {@code |0d 0a|} for CR LF (pairs of hex digits, spaces
 *       between them ignored);
 *   <li>{@code \\}, {@code \"}, {@code \:} and {@code \;} stand for the second character;
 *   <li>any other backslash escape makes ModSecurity give up decoding and take the text literally, backslashes and
 *       bars included; Bulwark does the same.
 * </ul>
 *
 * <p>One deliberate difference: ModSecurity toggles hexadecimal mode at every {@code |} and silently drops what is not
 * a hex digit, which mangles phrases such as {@code string|int|float} (CRS {@code php-errors.data}). Bulwark decodes
 * {@code |...|} only when it really is hexadecimal (at least one pair of hex digits, nothing but hex digits and
 * spaces); otherwise the bars are literal.
 */
final class PhraseSyntax {

    private PhraseSyntax() {}

    /**
     * Splits a {@code @pm} argument into phrases: white space separates phrases, except inside {@code |hex|}.
     * As in ModSecurity, an argument wrapped in double quotes loses them first.
     */
    static List<String> splitPhrases(String argument) {
        String text = unwrap(argument);
        boolean decode = hasOnlyKnownEscapes(text);
        if (!decode) {
            text = argument; // ModSecurity falls back to the raw argument
        }
        List<String> phrases = new ArrayList<>();
        int start = -1;
        int i = 0;
        while (i <= text.length()) {
            if (i == text.length() || ByteChars.isSpace(text.charAt(i))) {
                if (start >= 0) {
                    String token = text.substring(start, i);
                    phrases.add(decode ? decodePhrase(token) : token);
                    start = -1;
                }
                i++;
                continue;
            }
            if (start < 0) {
                start = i;
            }
            int hexEnd = decode && text.charAt(i) == '|' ? hexBlockEnd(text, i) : -1;
            i = hexEnd > 0 ? hexEnd + 1 : i + 1; // spaces inside |hex| do not separate phrases
        }
        phrases.removeIf(String::isEmpty);
        return phrases;
    }

    /** Decodes one phrase (a data-file line, a {@code @strmatch} argument) without splitting it. */
    static String decodePhrase(String text) {
        if (!hasOnlyKnownEscapes(text)) {
            return text;
        }
        if (text.indexOf('\\') < 0 && text.indexOf('|') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\') {
                if (i + 1 < text.length()) {
                    out.append(text.charAt(i + 1));
                }
                i += 2;
            } else if (c == '|' && hexBlockEnd(text, i) > 0) {
                int end = hexBlockEnd(text, i);
                appendHex(text, i + 1, end, out);
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** True when every backslash starts one of the escapes ModSecurity knows (a trailing one is dropped). */
    static boolean hasOnlyKnownEscapes(String text) {
        for (int i = text.indexOf('\\'); i >= 0 && i + 1 < text.length(); i = text.indexOf('\\', i + 2)) {
            char e = text.charAt(i + 1);
            if (e != '\\' && e != '"' && e != ':' && e != ';') {
                return false;
            }
        }
        return true;
    }

    /**
     * Drops leading white space, then a pair of double quotes wrapping the whole rest, as ModSecurity does before
     * decoding an argument.
     */
    static String unwrap(String argument) {
        int start = 0;
        while (start < argument.length() && ByteChars.isSpace(argument.charAt(start))) {
            start++;
        }
        if (argument.length() - start >= 2 && argument.charAt(start) == '"'
                && argument.charAt(argument.length() - 1) == '"') {
            return argument.substring(start + 1, argument.length() - 1);
        }
        return argument.substring(start);
    }

    /** The index of the {@code |} closing a hex block opened at {@code open}, or -1 when it is not one. */
    private static int hexBlockEnd(String text, int open) {
        int digits = 0;
        for (int i = open + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '|') {
                return digits > 0 && digits % 2 == 0 ? i : -1;
            }
            if (ByteChars.isHexDigit(c)) {
                digits++;
            } else if (c != ' ') {
                return -1;
            }
        }
        return -1;
    }

    private static void appendHex(String text, int from, int to, StringBuilder out) {
        int high = -1;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == ' ') {
                continue;
            }
            if (high < 0) {
                high = ByteChars.hexValue(c);
            } else {
                out.append((char) (high << 4 | ByteChars.hexValue(c)));
                high = -1;
            }
        }
    }
}
