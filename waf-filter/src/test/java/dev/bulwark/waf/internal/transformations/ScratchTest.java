package dev.bulwark.waf.internal.transformations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Transformations build their output in a per-thread buffer: no output may depend on what the buffer held. */
class ScratchTest {

    private static String randomText(Random r, int length) {
        String alphabet = "aZ%+2f&#;\\'\"/*-- \t\r\nuU0x41<>()=.,^`$|";
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(r.nextInt(8) == 0 ? (char) r.nextInt(256) : alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    @Test
    void outputsDoNotDependOnEarlierCalls() {
        Random r = new Random(11);
        List<String> shortInputs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            shortInputs.add(randomText(r, r.nextInt(24)));
        }
        shortInputs.add("AbC%41+x&amp;  \\u0041 /*c*/ QmFzZTY0");
        for (String name : Transformations.names()) {
            Transformation t = Transformations.lookup(name);
            List<String> first = new ArrayList<>();
            for (String s : shortInputs) {
                first.add(t.apply(s));
            }
            // long outputs fill the buffer (and beyond its bound) with other content
            for (int length : new int[] {500, 5000, Scratch.MAX + 10}) {
                String longText = randomText(r, length);
                for (String other : Transformations.names()) {
                    Transformations.lookup(other).apply(longText);
                }
            }
            for (int i = 0; i < shortInputs.size(); i++) {
                assertEquals(first.get(i), t.apply(shortInputs.get(i)), name + " on input " + i);
            }
        }
    }
}
