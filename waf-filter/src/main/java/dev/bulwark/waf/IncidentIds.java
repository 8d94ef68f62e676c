package dev.bulwark.waf;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Incident ids ({@code UNIQUE_ID}): 24 URL-safe characters, unguessable, so an id shown on a block page reveals
 * nothing and cannot be used to look up someone else's incident.
 */
final class IncidentIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private IncidentIds() {}

    static String next() {
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        return ENCODER.encodeToString(b);
    }
}
