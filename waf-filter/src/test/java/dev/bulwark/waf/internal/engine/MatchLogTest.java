package dev.bulwark.waf.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bulwark.waf.RuleMatch;
import dev.bulwark.waf.SourceLocation;
import dev.bulwark.waf.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MatchLogTest {

    private static RuleMatch match(long id) {
        return new RuleMatch(id, new SourceLocation("/r.conf", 1), 2, "ARGS:a", "v", "@rx x", "", "", List.of(), -1,
                null, true, true, false);
    }

    @Test
    void aSnapshotKeepsWhatWasThereWhileTheLogGrows() {
        MatchLog log = new MatchLog();
        assertEquals(List.of(), log.snapshot());
        List<RuleMatch> expected = new ArrayList<>();
        List<List<RuleMatch>> snapshots = new ArrayList<>();
        List<List<RuleMatch>> copies = new ArrayList<>();
        for (int i = 0; i < 300; i++) { // past several growths of the array
            RuleMatch m = match(i);
            log.add(m);
            expected.add(m);
            snapshots.add(log.snapshot());
            copies.add(List.copyOf(expected));
        }
        for (int i = 0; i < snapshots.size(); i++) {
            assertEquals(copies.get(i), snapshots.get(i));
            assertEquals(i + 1, snapshots.get(i).size());
        }
        List<RuleMatch> s = log.snapshot();
        assertThrows(UnsupportedOperationException.class, () -> s.add(match(1)));
        assertThrows(UnsupportedOperationException.class, () -> s.set(0, match(1)));
        assertThrows(IndexOutOfBoundsException.class, () -> s.get(300));
    }

    @Test
    void aVerdictTakesASnapshotAsItIsAndCopiesAnyOtherList() {
        MatchLog log = new MatchLog();
        log.add(match(1));
        List<RuleMatch> snapshot = log.snapshot();
        assertSame(snapshot, new Verdict(Verdict.Outcome.PASS, 0, null, null, snapshot).matches());
        List<RuleMatch> mutable = new ArrayList<>(snapshot);
        Verdict v = new Verdict(Verdict.Outcome.PASS, 0, null, null, mutable);
        mutable.add(match(2));
        assertEquals(1, v.matches().size());
    }
}
