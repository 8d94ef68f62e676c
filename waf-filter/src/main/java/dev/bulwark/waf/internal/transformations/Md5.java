package dev.bulwark.waf.internal.transformations;

/**
 * {@code t:md5}: replaces the value with its MD5 digest as 16 raw bytes (not hex; follow with {@code t:hexEncode}
 * for text).
 *
 * <p>Example: {@code ""} becomes {@code "\xD4\x1D\x8C\xD9\x8F\x00\xB2\x04\xE9\x80\x09\x98\xEC\xF8\x42\x7E"}.
 */
final class Md5 implements Transformation {

    @Override
    public String name() {
        return "md5";
    }

    @Override
    public String apply(String value) {
        return Digest.of("MD5", value);
    }
}
