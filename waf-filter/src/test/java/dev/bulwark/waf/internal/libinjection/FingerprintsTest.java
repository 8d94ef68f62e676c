package dev.bulwark.waf.internal.libinjection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class FingerprintsTest {

    @Test
    void everyFingerprintComesBackAsItsOwnCharsThoughSlotsAreShared() {
        // 26 * 26 two-kind fingerprints and 26 of one kind, more than enough to share slots of the table
        for (int round = 0; round < 2; round++) {
            for (char a = 'a'; a <= 'z'; a++) {
                assertEquals(String.valueOf(a), Fingerprints.of(new char[] {a, 'x', 'y'}, 1));
                for (char b = 'a'; b <= 'z'; b++) {
                    assertEquals("" + a + b, Fingerprints.of(new char[] {a, b}, 2));
                }
            }
        }
        String first = Fingerprints.of(new char[] {'s', '&', '1'}, 3);
        assertSame(first, Fingerprints.of(new char[] {'s', '&', '1'}, 3), "a repeated fingerprint is not made again");
    }
}
