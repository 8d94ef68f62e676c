package dev.bulwark.waf.internal.operators;

/**
 * {@code @containsWord word}: matches when the word occurs in the value as a whole word, i.e. neither preceded nor
 * followed by a word character (ASCII letter, digit or {@code _}). Case-sensitive. An empty word matches every
 * value. Macros in the word are expanded on each evaluation.
 *
 * <p>Example: {@code SecRule ARGS "@containsWord select" "id:1,deny"} matches {@code "1 select 2"} but not
 * {@code "selected"}.
 */
final class ContainsWord implements Operator {

    private final ExpandableArgument word;

    ContainsWord(OperatorArgument argument) {
        this.word = new ExpandableArgument(argument);
    }

    @Override
    public boolean matches(OperatorContext context, String value) {
        String w = word.value(context);
        if (w.isEmpty()) {
            return true;
        }
        int length = w.length();
        for (int at = value.indexOf(w); at >= 0; at = value.indexOf(w, at + 1)) {
            int end = at + length;
            boolean startsWord = at == 0 || !ByteChars.isWordChar(value.charAt(at - 1));
            boolean endsWord = end == value.length() || !ByteChars.isWordChar(value.charAt(end));
            if (startsWord && endsWord) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "@containsWord " + word;
    }
}
