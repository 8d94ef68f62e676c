package dev.bulwark.waf.internal.operators;

/**
 * {@code @validateUrlEncoding}: matches when the value is not valid URL encoding, i.e. when a {@code %} is not
 * followed by two hexadecimal digits (including a {@code %} too close to the end). Any argument is ignored.
 *
 * <p>Example: {@code SecRule REQUEST_URI_RAW "@validateUrlEncoding" "id:1,deny"}.
 */
final class ValidateUrlEncoding implements Operator {

    static final ValidateUrlEncoding INSTANCE = new ValidateUrlEncoding();

    private ValidateUrlEncoding() {}

    @Override
    public boolean matches(OperatorContext context, String value) {
        int n = value.length();
        for (int i = value.indexOf('%'); i >= 0; i = value.indexOf('%', i)) {
            if (i + 2 >= n || !ByteChars.isHexDigit(value.charAt(i + 1))
                    || !ByteChars.isHexDigit(value.charAt(i + 2))) {
                return true;
            }
            i += 3;
        }
        return false;
    }

    @Override
    public String toString() {
        return "@validateUrlEncoding";
    }

    @Override
    public boolean valueDetermined() {
        return true;
    }
}
