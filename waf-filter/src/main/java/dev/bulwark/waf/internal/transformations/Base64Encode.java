package dev.bulwark.waf.internal.transformations;

import java.util.Base64;

/**
 * {@code t:base64Encode}: encodes the bytes in standard Base64 (RFC 4648 alphabet, with {@code =} padding, no line
 * breaks).
 *
 * <p>Example: {@code "TestCase"} becomes {@code "VGVzdENhc2U="}.
 */
final class Base64Encode implements Transformation {

    @Override
    public String name() {
        return "base64Encode";
    }

    @Override
    public String apply(String value) {
        if (value.isEmpty()) {
            return value;
        }
        return ByteStrings.text(Base64.getEncoder().encode(ByteStrings.bytes(value)));
    }
}
