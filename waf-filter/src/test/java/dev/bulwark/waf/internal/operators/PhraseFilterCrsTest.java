package dev.bulwark.waf.internal.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.waf.internal.regex.CrsRxPatterns;
import dev.bulwark.waf.internal.regex.CrsTestCorpus;
import dev.bulwark.waf.internal.regex.Regex;
import dev.bulwark.waf.internal.regex.SignatureFilter;
import dev.bulwark.waf.testsupport.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The signature filter of every CRS phrase list ({@code @pm}, {@code @pmFromFile}) against the CRS test strings and
 * strings built around each phrase: it may refuse only values in which no phrase occurs, alone or in a union with
 * other values.
 */
class PhraseFilterCrsTest {

    private static final int MAX_CORPUS = 4000;

    @Test
    void filterNeverRefusesAValueContainingAPhrase() throws Exception {
        Path crs = SharedData.requireCrs();
        Path rules = crs.resolve("rules");
        Path tests = crs.resolve("tests/regression/tests");
        List<PhraseMatcher> lists = new ArrayList<>();
        List<List<String>> phraseLists = new ArrayList<>();
        for (CrsRxPatterns.RxPattern p : CrsRxPatterns.load(rules, "@pm")) {
            List<String> phrases = PhraseSyntax.splitPhrases(p.pattern());
            phraseLists.add(phrases);
            lists.add(PhraseMatcher.build(phrases));
        }
        for (CrsRxPatterns.RxPattern p : CrsRxPatterns.load(rules, "@pmFromFile")) {
            List<String> phrases = new ArrayList<>();
            for (String name : p.pattern().split("\\s+")) {
                for (DataFiles.Line line : DataFiles.lines(rules.resolve(name))) {
                    phrases.add(PhraseSyntax.decodePhrase(line.text()));
                }
            }
            phraseLists.add(phrases);
            lists.add(PhraseMatcher.build(phrases));
        }
        assertTrue(lists.size() >= 20, "expected the CRS phrase lists, found " + lists.size());

        List<String> corpus = new ArrayList<>();
        List<String> crsStrings = CrsTestCorpus.load(tests);
        int step = Math.max(1, crsStrings.size() / MAX_CORPUS);
        for (int i = 0; i < crsStrings.size(); i += step) {
            String s = crsStrings.get(i);
            corpus.add(s.length() > 4096 ? s.substring(0, 4096) : s);
        }
        Random random = new Random(42);
        for (List<String> phrases : phraseLists) {
            for (int k = 0; k < Math.min(phrases.size(), 40); k++) {
                String phrase = phrases.get(random.nextInt(phrases.size()));
                corpus.add("x " + randomCase(phrase, random) + "!");
                corpus.add(randomCase(phrase, random));
            }
        }

        long pairs = 0;
        long matching = 0;
        long refused = 0;
        int withFilter = 0;
        List<String> wrong = new ArrayList<>();
        List<long[]> signatures = corpus.stream().map(Regex::signature).toList();
        for (int l = 0; l < lists.size(); l++) {
            PhraseMatcher matcher = lists.get(l);
            withFilter += matcher.signatureFilter() != null ? 1 : 0;
            for (int k = 0; k < corpus.size(); k++) {
                String value = corpus.get(k);
                boolean occurs = matcher.find(value) != null;
                boolean mayOccur = mayOccurIn(matcher, signatures.get(k));
                pairs++;
                matching += occurs ? 1 : 0;
                refused += mayOccur ? 0 : 1;
                if (occurs && !mayOccur && wrong.size() < 20) {
                    wrong.add("list " + l + " refused " + value);
                }
                if (occurs) {
                    // in a union with an unrelated value, too
                    long[] other = signatures.get((k * 31 + 7) % corpus.size());
                    long[] union = Regex.unionSignature(new long[][] {other, signatures.get(k)}, 2);
                    if (union != null && !mayOccurIn(matcher, union) && wrong.size() < 20) {
                        wrong.add("list " + l + " refused a union holding " + value);
                    }
                }
            }
        }
        System.out.printf("phrase filters: %d of %d CRS phrase lists have one; %d pairs, %d matching, %d refused"
                + " (%.1f%%)%n", withFilter, lists.size(), pairs, matching, refused, 100.0 * refused / pairs);
        assertEquals(List.of(), wrong);
        assertTrue(matching > 1000, "the corpus should exercise matches, got " + matching);
        assertTrue(withFilter * 2 > lists.size(), "most phrase lists should have a filter: " + withFilter);
    }

    /** What the engine asks: the list's filter, when it has one, on a byte string's signature. */
    private static boolean mayOccurIn(PhraseMatcher matcher, long[] signature) {
        SignatureFilter filter = matcher.signatureFilter();
        return filter == null || signature == null || filter.mayMatch(signature);
    }

    @Test
    void filterRefusesValuesWithoutThePhrasesBytes() {
        PhraseMatcher matcher = PhraseMatcher.build(List.of("passwd", "shadow", "/etc/"));
        assertFalse(mayOccurIn(matcher, Regex.signature("blue shoes size 42")));
        assertTrue(mayOccurIn(matcher, Regex.signature("cat /ETC/hosts")));
        assertTrue(mayOccurIn(matcher, Regex.signature("PassWD")));
        assertTrue(mayOccurIn(matcher, null));
        // a phrase with a byte above 127 compares exactly; the filter lets it through
        PhraseMatcher high = PhraseMatcher.build(List.of("caf\u00e9"));
        assertTrue(mayOccurIn(high, Regex.signature("un caf\u00e9")));
        assertFalse(mayOccurIn(high, Regex.signature("tea")));
    }

    private static String randomCase(String s, Random random) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            b.append(c < 128 && random.nextBoolean() ? Character.toUpperCase(c) : c);
        }
        return b.toString();
    }
}
