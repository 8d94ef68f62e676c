package dev.bulwark.waf.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.waf.internal.transformations.Transformation;
import dev.bulwark.waf.internal.transformations.Transformations;
import org.junit.jupiter.api.Test;

/** The per-value caches that let chains share transformation work. */
class ValueMemoTest {

    /** A transformation outside the registry that counts its calls. */
    private static final class Counting implements Transformation {
        int calls;

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public String apply(String value) {
            calls++;
            return value.replace('a', 'b');
        }
    }

    @Test
    void aStepRunsOncePerInputText() {
        Counting step = new Counting();
        ValueMemo memo = new ValueMemos(new ValueMemos.Sizes()).get("banana");
        String first = memo.apply(step, Transformations.bit(step), new String("banana"));
        String raw = memo.text(ValueMemo.RAW);
        String once = memo.apply(step, 0, raw);
        String again = memo.apply(step, 0, raw);
        assertEquals("bbnbnb", once);
        assertSame(once, again);
        // the first call had an equal but distinct input: identity, not equality, keys the cache
        assertEquals(2, step.calls);
        assertEquals("bbnbnb", first);
    }

    @Test
    void decodersThatLeaveTheValueAloneAreRemembered() {
        Transformation urlDecode = Transformations.lookup("urlDecodeUni");
        Transformation lowercase = Transformations.lookup("lowercase");
        long urlBit = Transformations.bit(urlDecode);
        long lowerBit = Transformations.bit(lowercase);
        assertNotSame(0L, urlBit);
        assertTrue(urlBit != lowerBit);

        // no '%' or '+': the value's char classes say at once that urlDecodeUni cannot change it
        ValueMemo plain = new ValueMemos(new ValueMemos.Sizes()).get("Blue Shoes");
        String raw = plain.text(ValueMemo.RAW);
        assertTrue(plain.unchangedByAll(urlBit));
        assertFalse(plain.unchangedByAll(urlBit | lowerBit), "it has upper-case letters");
        assertSame(raw, plain.apply(urlDecode, urlBit, raw));
        assertEquals("blue shoes", plain.apply(lowercase, lowerBit, raw));
        assertFalse(plain.unchangedByAll(urlBit | lowerBit));

        // a '%' that escapes nothing: only running the decoder shows that it changes nothing, which is then kept
        ValueMemo percent = new ValueMemos(new ValueMemos.Sizes()).get("100%");
        String percentRaw = percent.text(ValueMemo.RAW);
        assertFalse(percent.unchangedByAll(urlBit));
        assertSame(percentRaw, percent.apply(urlDecode, urlBit, percentRaw));
        assertTrue(percent.unchangedByAll(urlBit));

        ValueMemo encoded = new ValueMemos(new ValueMemos.Sizes()).get("a%41");
        String encodedRaw = encoded.text(ValueMemo.RAW);
        assertEquals("aA", encoded.apply(urlDecode, urlBit, encodedRaw));
        assertFalse(encoded.unchangedByAll(urlBit));
    }

    @Test
    void aTextAStepMadeIsJudgedByItsOwnCharClasses() {
        Transformation urlDecode = Transformations.lookup("urlDecodeUni");
        Transformation entities = Transformations.lookup("htmlEntityDecode");
        long urlBit = Transformations.bit(urlDecode);
        long entityBit = Transformations.bit(entities);
        // the value holds no '&', the text urlDecodeUni makes of it does: the value's classes must not decide for it
        ValueMemo memo = new ValueMemos(new ValueMemos.Sizes()).get("x%26amp%3B%2541");
        String raw = memo.text(ValueMemo.RAW);
        assertTrue(memo.unchangedByAll(entityBit));
        String decoded = memo.apply(urlDecode, urlBit, raw);
        assertEquals("x&amp;%41", decoded);
        assertEquals("x&%41", memo.apply(entities, entityBit, decoded));
        String twice = memo.apply(urlDecode, urlBit, decoded);
        assertEquals("x&amp;A", twice);
        // no '%' left in it: urlDecodeUni gives it back as it is; its '&' still makes htmlEntityDecode act
        assertSame(twice, memo.apply(urlDecode, urlBit, twice));
        assertEquals("x&A", memo.apply(entities, entityBit, twice));
    }

    @Test
    void aChainWithAnUnregisteredStepIsNeverKnownUnchanged() {
        Transformation urlDecode = Transformations.lookup("urlDecodeUni");
        Counting counting = new Counting();
        assertEquals(0L, Transformations.bit(counting));
        TransformationPipeline p = new TransformationPipeline(new Transformation[] {urlDecode, counting},
                new int[] {1, 2});
        assertEquals(Transformations.bit(urlDecode), p.prefixMask(0));
        assertEquals(-1L, p.prefixMask(1));
        ValueMemo memo = new ValueMemos(new ValueMemos.Sizes()).get("xyz");
        memo.apply(urlDecode, p.stepBit(0), memo.text(ValueMemo.RAW));
        memo.apply(counting, p.stepBit(1), memo.text(ValueMemo.RAW));
        assertTrue(memo.unchangedByAll(p.prefixMask(0)));
        assertFalse(memo.unchangedByAll(p.prefixMask(1)));
    }

    @Test
    void unionsAreKeptPerChainAndPart() {
        Candidates values = new Candidates();
        for (int i = 0; i < 40; i++) {
            values.add("ARGS", "k" + i, "v" + i);
        }
        assertEquals(3, values.parts());
        long[] all = {1L};
        long[] second = {2L};
        values.storeUnion(7, -1, all);
        values.storeUnion(7, 1, second);
        assertSame(all, values.union(7, -1));
        assertSame(second, values.union(7, 1));
        assertNull(values.union(7, 0));
        assertNull(values.union(8, -1));
        values.clear();
        assertNull(values.union(7, -1));
    }
}
