package dev.bulwark.waf.internal.libinjection;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Fingerprint strings, made once: a fingerprint is at most {@link TokenFolder#MAX} token kinds, so a few hundred
 * distinct ones cover ordinary traffic, and every value an argument holds is read once or twice. A small table
 * shared by all threads keeps the last string seen per slot; a hit is checked char by char, so a collision only
 * costs a new string. Thread-safe.
 */
final class Fingerprints {

    private static final int SLOTS = 1024;
    private static final AtomicReferenceArray<String> KNOWN = new AtomicReferenceArray<>(SLOTS);

    private Fingerprints() {}

    /** {@code kinds[0..count)} as a string. */
    static String of(char[] kinds, int count) {
        int h = count;
        for (int i = 0; i < count; i++) {
            h = 31 * h + kinds[i];
        }
        int slot = (h ^ (h >>> 10)) & (SLOTS - 1);
        String known = KNOWN.get(slot);
        if (known != null && sameChars(known, kinds, count)) {
            return known;
        }
        String made = new String(kinds, 0, count);
        KNOWN.set(slot, made);
        return made;
    }

    private static boolean sameChars(String s, char[] chars, int count) {
        if (s.length() != count) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            if (s.charAt(i) != chars[i]) {
                return false;
            }
        }
        return true;
    }
}
