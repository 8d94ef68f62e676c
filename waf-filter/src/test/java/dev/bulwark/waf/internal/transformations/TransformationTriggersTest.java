package dev.bulwark.waf.internal.transformations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Transformation#triggers} is a promise the engine relies on without running the transformation: a value
 * holding none of the trigger classes comes back as the same instance, and one whose only triggers are
 * {@link Transformation#caseTriggers} comes back equal but for letter case. Checked on random values drawn from
 * exactly the bytes the promise covers, for every registered transformation that makes it.
 */
class TransformationTriggersTest {

    private static final int VALUES = 4000;

    @Test
    void aValueWithoutTriggersComesBackAsItIs() {
        int checked = 0;
        for (String name : Transformations.names()) {
            Transformation t = Transformations.lookup(name);
            if (t.triggers() == CharClasses.ALL) {
                continue;
            }
            String alphabet = bytesOutside(t.triggers());
            Random random = new Random(name.hashCode());
            for (int i = 0; i < VALUES; i++) {
                String value = randomValue(random, alphabet);
                assertSame(value, t.apply(value), () -> name + " changed " + escape(value));
            }
            checked++;
        }
        assertTrue(checked >= 20, "transformations with triggers: " + checked);
    }

    @Test
    void aValueWhoseOnlyTriggersAreCaseTriggersChangesOnlyInCase() {
        int checked = 0;
        for (String name : Transformations.names()) {
            Transformation t = Transformations.lookup(name);
            if (t.caseTriggers() == 0) {
                continue;
            }
            String alphabet = bytesOutside(t.triggers() & ~t.caseTriggers());
            Random random = new Random(name.hashCode());
            for (int i = 0; i < VALUES; i++) {
                String value = randomValue(random, alphabet);
                String out = t.apply(value);
                assertEquals(asciiLower(value), asciiLower(out), () -> name + " on " + escape(value));
            }
            checked++;
        }
        assertEquals(3, checked, "lowercase, uppercase, cmdLine");
    }

    @Test
    void classesOfValues() {
        assertEquals(CharClasses.ANY | CharClasses.UPPER | CharClasses.LOWER | CharClasses.SPACE,
                CharClasses.of("Blue shoes"));
        assertEquals(CharClasses.ANY, CharClasses.of(""), "every value, the empty one too, has ANY");
        assertEquals(CharClasses.ALL, CharClasses.of("\u0100"), "not a byte string");
        assertEquals(CharClasses.ANY | CharClasses.punctuation("%"), CharClasses.of("%%"));
        assertNotEquals(CharClasses.of("%"), CharClasses.of("+"));
        assertEquals(CharClasses.ANY | CharClasses.NUL | CharClasses.HIGH | CharClasses.OTHER_WHITESPACE
                | CharClasses.CONTROL, CharClasses.of("\u0000\u00a0\t\u0001"));
    }

    @Test
    void transformationsWithoutTriggersAreNeverAssumedToLeaveAValue() {
        // t:length turns "" into "0": a transformation that can change any value must not be skipped, not even
        // for the empty value
        long empty = Transformations.unchangedBy(CharClasses.of(""));
        assertEquals(0, empty & Transformations.bit(Transformations.lookup("length")));
        assertEquals(0, empty & Transformations.bit(Transformations.lookup("md5")));
        assertTrue((empty & Transformations.bit(Transformations.lookup("urlDecodeUni"))) != 0);
        long percent = Transformations.unchangedBy(CharClasses.of("a%41"));
        assertEquals(0, percent & Transformations.bit(Transformations.lookup("urlDecodeUni")));
        assertTrue((percent & Transformations.bit(Transformations.lookup("htmlEntityDecode"))) != 0);
    }

    /** Every byte whose class is not in {@code classes}. */
    private static String bytesOutside(long classes) {
        StringBuilder b = new StringBuilder();
        for (char c = 0; c < 256; c++) {
            if ((CharClasses.of(String.valueOf(c)) & ~CharClasses.ANY & classes) == 0) {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Mostly short values, some long, drawn from {@code alphabet}, with runs of one byte now and then. */
    private static String randomValue(Random random, String alphabet) {
        int length = random.nextInt(8) == 0 ? random.nextInt(200) : random.nextInt(12);
        StringBuilder b = new StringBuilder(length);
        while (b.length() < length) {
            char c = alphabet.charAt(random.nextInt(alphabet.length()));
            int run = random.nextInt(6) == 0 ? 1 + random.nextInt(3) : 1;
            for (int k = 0; k < run; k++) {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static String asciiLower(String s) {
        char[] chars = s.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] >= 'A' && chars[i] <= 'Z') {
                chars[i] += 32;
            }
        }
        return new String(chars);
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return b.toString();
    }
}
