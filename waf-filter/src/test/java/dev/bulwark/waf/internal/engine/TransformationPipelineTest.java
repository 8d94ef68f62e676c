package dev.bulwark.waf.internal.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.waf.internal.regex.Regex;
import dev.bulwark.waf.internal.transformations.CharClasses;
import dev.bulwark.waf.internal.transformations.Transformation;
import dev.bulwark.waf.internal.transformations.Transformations;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link TransformationPipeline#keepsSignature}: the engine uses a value's own signature for a chain it allows. */
class TransformationPipelineTest {

    private static TransformationPipeline pipeline(String... names) {
        Transformation[] steps = new Transformation[names.length];
        int[] ids = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            steps[i] = Transformations.lookup(names[i]);
            ids[i] = i;
        }
        return new TransformationPipeline(steps, ids);
    }

    @Test
    void decodersWithNothingToDecodeAndCaseChangesKeepTheSignature() {
        long blue = CharClasses.of("Blue Shoes");
        assertTrue(pipeline("urlDecodeUni", "htmlEntityDecode", "jsDecode").keepsSignature(blue));
        assertTrue(pipeline("lowercase", "urlDecodeUni").keepsSignature(blue), "case only, then nothing to decode");
        assertTrue(pipeline("cmdLine").keepsSignature(CharClasses.of("Blue")), "cmdLine only lowers its letters");
        assertFalse(pipeline("cmdLine").keepsSignature(blue), "it would drop or merge the space");
        assertFalse(pipeline("urlDecodeUni").keepsSignature(CharClasses.of("a%41")));
        assertFalse(pipeline("length").keepsSignature(CharClasses.of("")), "length makes \"0\" of \"\"");
        assertTrue(pipeline().keepsSignature(CharClasses.ALL));
    }

    /** The property itself, on random values and chains: an allowed chain gives texts of the value's signature. */
    @Test
    void whatItAllowsKeepsTheSignatureIndeed() {
        List<String> names = List.of("urlDecodeUni", "urlDecode", "htmlEntityDecode", "jsDecode", "cssDecode",
                "utf8toUnicode", "removeNulls", "replaceNulls", "lowercase", "uppercase", "cmdLine", "removeWhitespace",
                "compressWhitespace", "replaceComments", "removeComments", "removeCommentsChar", "normalizePath",
                "normalizePathWin", "escapeSeqDecode", "trim", "sqlHexDecode", "length", "none");
        String alphabet = "aZ9 %+&\\;/.*-#<'\"^,()\t\n\u0000\u00a0\u00e9=x";
        Random random = new Random(7);
        int allowed = 0;
        for (int round = 0; round < 20000; round++) {
            StringBuilder b = new StringBuilder();
            int length = random.nextInt(10);
            for (int i = 0; i < length; i++) {
                // mostly letters, so that many values trigger nothing
                b.append(random.nextInt(3) == 0 ? alphabet.charAt(random.nextInt(alphabet.length()))
                        : "aBcDxyZ".charAt(random.nextInt(7)));
            }
            String value = b.toString();
            String[] chain = new String[1 + random.nextInt(4)];
            for (int i = 0; i < chain.length; i++) {
                chain[i] = names.get(random.nextInt(names.size()));
            }
            TransformationPipeline p = pipeline(chain);
            if (!p.keepsSignature(CharClasses.of(value))) {
                continue;
            }
            allowed++;
            String text = value;
            for (int i = 0; i < p.length(); i++) {
                text = p.step(i).apply(text);
                String step = text;
                assertArrayEquals(Regex.signature(value), Regex.signature(step),
                        () -> String.join(",", chain) + " on " + value + " gave " + step);
            }
        }
        assertTrue(allowed > 2000, "chains allowed: " + allowed);
    }
}
