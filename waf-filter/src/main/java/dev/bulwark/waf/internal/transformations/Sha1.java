package dev.bulwark.waf.internal.transformations;

/**
 * {@code t:sha1}: replaces the value with its SHA-1 digest as 20 raw bytes (not hex; follow with
 * {@code t:hexEncode} for text, as CRS does for its session keys).
 *
 * <p>Example: {@code ""} becomes
 * {@code "\xDA\x39\xA3\xEE\x5E\x6B\x4B\x0D\x32\x55\xBF\xEF\x95\x60\x18\x90\xAF\xD8\x07\x09"}.
 */
final class Sha1 implements Transformation {

    @Override
    public String name() {
        return "sha1";
    }

    @Override
    public String apply(String value) {
        return Digest.of("SHA-1", value);
    }
}
