package dev.bulwark.waf.internal.regex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SignatureArraysTest {

    private static String randomText(Random r, int length) {
        char[] c = new char[length];
        for (int i = 0; i < length; i++) {
            c[i] = (char) r.nextInt(256);
        }
        return new String(c);
    }

    @Test
    void aReusedArrayGivesTheSignatureANewArrayWould() {
        SignatureArrays.Pool pool = new SignatureArrays.Pool(2);
        Random r = new Random(7);
        for (int transaction = 0; transaction < 50; transaction++) {
            SignatureArrays arrays = pool.acquire();
            long[][] sigs = new long[20][];
            for (int i = 0; i < sigs.length; i++) {
                // lengths across several trigram filter sizes, so reused arrays of every size class are dirty
                String text = randomText(r, r.nextInt(i % 3 == 0 ? 3000 : 40));
                sigs[i] = Prefilter.signature(text, arrays);
                assertArrayEquals(Prefilter.signature(text), sigs[i], "text " + i + " of transaction " + transaction);
            }
            long[] union = Prefilter.union(sigs, sigs.length, arrays);
            assertArrayEquals(Prefilter.union(sigs, sigs.length), union);
            pool.release(arrays);
        }
    }

    @Test
    void aReleasedSetIsHandedOutAgainAndItsArraysReused() {
        SignatureArrays.Pool pool = new SignatureArrays.Pool(1);
        SignatureArrays first = pool.acquire();
        long[] a = Prefilter.signature("first value", first);
        pool.release(first);
        SignatureArrays second = pool.acquire();
        assertSame(first, second);
        long[] b = Prefilter.signature("other", second);
        assertSame(a, b, "same size class: the kept array");
        // while a set is out, the pool makes a new one rather than sharing it
        assertNotSame(second, pool.acquire());
    }

    @Test
    void whatASetKeepsIsBounded() {
        SignatureArrays arrays = new SignatureArrays();
        String big = "x".repeat(1 << 16); // the largest trigram filter: about 4 K longs per signature
        for (int i = 0; i < 100; i++) {
            Prefilter.signature(big, arrays);
        }
        assertTrue(arrays.keptLongs() <= SignatureArrays.MAX_KEPT_LONGS, "kept " + arrays.keptLongs());
        assertTrue(arrays.keptLongs() > 0);
    }
}
