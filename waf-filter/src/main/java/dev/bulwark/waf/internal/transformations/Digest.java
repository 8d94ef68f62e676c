package dev.bulwark.waf.internal.transformations;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The raw digest of a byte string, as a byte string (what {@code t:md5} and {@code t:sha1} produce). */
final class Digest {

    private Digest() {}

    static String of(String algorithm, String value) {
        try {
            // MessageDigest instances are not thread-safe; a fresh one per call is cheap next to the hashing.
            return ByteStrings.text(MessageDigest.getInstance(algorithm).digest(ByteStrings.bytes(value)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required of every Java platform", e);
        }
    }
}
