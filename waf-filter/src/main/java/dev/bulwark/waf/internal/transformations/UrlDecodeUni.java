package dev.bulwark.waf.internal.transformations;

/**
 * {@code t:urlDecodeUni}: {@code urlDecode} plus the IIS {@code %uXXXX} form, as ModSecurity v2 decodes it without a
 * {@code SecUnicodeMapFile}: the escape becomes one byte, the low byte of the code point, except that full-width
 * ASCII ({@code %uFF01}..{@code %uFF5E}) becomes the ASCII character it stands for. An invalid {@code %u} sequence
 * is kept as is; {@code +} becomes a space.
 *
 * <p>Example: {@code "%u003cscript%uFF1E+x"} becomes {@code "<script> x"}.
 */
final class UrlDecodeUni implements Transformation {

    private static final long TRIGGERS = CharClasses.punctuation("%+");

    @Override
    public String name() {
        return "urlDecodeUni";
    }

    @Override
    public long triggers() {
        return TRIGGERS;
    }

    @Override
    public String apply(String value) {
        return UrlDecode.decode(value, true);
    }
}
