package dev.bulwark.waf.internal.regex;

import dev.bulwark.waf.internal.regex.RegexTree.Anchor;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Unanchored match-or-not search over a byte string with an {@link Nfa}, by subset construction on demand (RE2's
 * lazy DFA): each DFA state is the set of NFA instructions alive at a position, built the first time some input
 * needs it and then reused, so a warm search costs one table lookup per char. Linear in the input whatever the
 * pattern: a step builds at most one state.
 *
 * <p><b>Empty-width assertions.</b> A state is built at a position knowing the char before it, so {@code ^}
 * ({@link Anchor#BEGIN_TEXT}, {@link Anchor#BEGIN_LINE}) is decided while building. The others ({@code $ \z \b \B})
 * need the next char: they stay in the state as pending instructions, together with the facts about the previous
 * char they need (flags: at start, previous char a word char, previous char {@code \n}), and are decided in the
 * transition on the next char, or at the end of the input. The flags are kept only in states with pending
 * assertions, so most patterns have one state per instruction set.
 *
 * <p><b>Chars.</b> Chars that every instruction and assertion treats alike share a transition column (byte
 * classes), which keeps the tables small: {@code [a-z]+} has two columns (a-z, the rest), not 256.
 *
 * <p><b>Threads.</b> One instance serves all threads. States are immutable apart from their transition slots, which
 * are filled racily: a reader sees null (and computes the same state itself) or a fully built state, whose fields
 * are final. New states go through a concurrent map. When the states of one cache exceed the memory budget, the
 * thread that needs a new state swaps in an empty cache; threads still walking old states finish on them. A search
 * whose states keep overflowing the budget gives up ({@link #UNDECIDED}) so the caller can use RE2/J, as RE2 falls
 * back from its DFA to its NFA.
 */
final class LazyDfa {

    /** Results of {@link #find}. */
    static final int NO_MATCH = 0;
    static final int MATCH = 1;
    /**
     * The caller must use RE2/J: the input holds a char above 255, or the search thrashes (its states keep
     * overflowing the cache, so nearly every char builds a state, which is slower than RE2/J's NFA).
     */
    static final int UNDECIDED = -1;

    /** Thrash test: more than this many states built in one search, after a cache reset ... */
    private static final int THRASH_MIN_MISSES = 1000;
    /** ... and on average a state built every this many chars or fewer. */
    private static final int THRASH_CHARS_PER_MISS = 4;

    static final int AT_START = 1;
    static final int PREV_WORD = 2;
    static final int PREV_NEWLINE = 4;

    private static final State MATCH_STATE = State.terminal();
    private static final State DEAD_STATE = State.terminal();

    private final Nfa nfa;
    private final int[] classOf = new int[256];
    private final int classCount;
    /** The flag bits some assertion of this program reads. */
    private final int flagMask;
    /** With a (?m)^, a state with no live instruction is not dead: a later \n lets the search start again. */
    private final boolean emptyStateCanRevive;
    private final long memoryBudget;
    private final AtomicReference<StateCache> cache;
    private final AtomicLong cacheResets = new AtomicLong();

    LazyDfa(Nfa nfa, long memoryBudget) {
        this.nfa = nfa;
        this.memoryBudget = memoryBudget;
        boolean wordAnchors = nfa.uses(Anchor.WORD_BOUNDARY) || nfa.uses(Anchor.NOT_WORD_BOUNDARY);
        boolean beginLine = nfa.uses(Anchor.BEGIN_LINE);
        boolean newlineMatters = beginLine || nfa.uses(Anchor.END_LINE);
        this.flagMask = (wordAnchors ? PREV_WORD : 0) | (beginLine ? PREV_NEWLINE | AT_START : 0)
                | (nfa.uses(Anchor.BEGIN_TEXT) ? AT_START : 0);
        this.emptyStateCanRevive = beginLine;
        List<ByteSet> distinctions = nfa.distinctCharSets();
        if (wordAnchors) {
            distinctions.add(RegexParser.WORD);
        }
        if (newlineMatters) {
            distinctions.add(ByteSet.of('\n'));
        }
        this.classCount = computeByteClasses(distinctions, classOf);
        this.cache = new AtomicReference<>(newCache(new Workspace(nfa.size())));
    }

    /**
     * Whether the pattern matches somewhere in {@code input}: {@link #MATCH}, {@link #NO_MATCH}, or
     * {@link #UNDECIDED}.
     */
    int find(String input) {
        State s = cache.get().start;
        if (s.isTerminal) {
            return s == MATCH_STATE ? MATCH : NO_MATCH;
        }
        Workspace ws = null;
        int misses = 0;
        long resetsBefore = 0;
        int n = input.length();
        for (int i = 0; i < n; i++) {
            int c = input.charAt(i);
            if (c > 0xFF) {
                return UNDECIDED;
            }
            int column = classOf[c];
            State t = s.next[column];
            if (t == null) {
                if (ws == null) {
                    ws = new Workspace(nfa.size());
                    resetsBefore = cacheResets.get();
                }
                t = step(s, c, column, ws);
                if (++misses > THRASH_MIN_MISSES && misses > i / THRASH_CHARS_PER_MISS
                        && cacheResets.get() != resetsBefore) {
                    return UNDECIDED; // the states do not fit the budget: building them costs more than RE2/J
                }
            }
            // identity tests against the two constants, no load from t: the loop's chain of loads stays short
            if (t == MATCH_STATE) {
                return MATCH;
            }
            if (t == DEAD_STATE) {
                return NO_MATCH;
            }
            s = t;
        }
        return matchesAtEnd(s) ? MATCH : NO_MATCH;
    }

    /** How many times a full cache was replaced by an empty one (for tests and tuning). */
    long cacheResets() {
        return cacheResets.get();
    }

    /** States in the current cache (for tests and tuning). */
    int cachedStates() {
        return cache.get().states.size();
    }

    /** Estimated bytes of the states in the current cache (for tests and tuning). */
    long cachedBytes() {
        return cache.get().bytes.get();
    }

    int byteClassCount() {
        return classCount;
    }

    /** Builds the state after {@code s} on char {@code c} (of column {@code column}) and stores the transition. */
    private State step(State s, int c, int column, Workspace ws) {
        ws.clear();
        State result = null;
        for (int pc : s.pcs) {
            if (nfa.kind(pc) == Nfa.CHARS) {
                if (nfa.chars(pc).contains(c)) {
                    ws.seeds.add(nfa.next(pc));
                }
            } else if (holds(nfa.anchor(pc), s.flags, c) && expandBeforeChar(nfa.next(pc), s.flags, c, ws)) {
                result = MATCH_STATE;
                break;
            }
        }
        if (result == null) {
            ws.seeds.add(nfa.start()); // unanchored: a match may also start at the next position
            int flags = (isWordChar(c) ? PREV_WORD : 0) | (c == '\n' ? PREV_NEWLINE : 0);
            result = closeAndIntern(ws, flags, cache.get());
        }
        s.next[column] = result;
        return result;
    }

    /**
     * Follows the empty transitions from {@code pc} at the position just before {@code c} ({@code -1}: the end),
     * where every assertion is decidable; chars that accept {@code c} seed the next state. True when the match
     * instruction is reached.
     */
    private boolean expandBeforeChar(int pc, int flags, int c, Workspace ws) {
        ws.stack.push(pc);
        while (!ws.stack.isEmpty()) {
            int p = ws.stack.pop();
            if (!ws.visited.add(p)) {
                continue;
            }
            switch (nfa.kind(p)) {
                case Nfa.CHARS -> {
                    if (nfa.chars(p).contains(c)) {
                        ws.seeds.add(nfa.next(p));
                    }
                }
                case Nfa.FORK -> {
                    ws.stack.push(nfa.alternative(p));
                    ws.stack.push(nfa.next(p));
                }
                case Nfa.ASSERT -> {
                    if (holds(nfa.anchor(p), flags, c)) {
                        ws.stack.push(nfa.next(p));
                    }
                }
                default -> {
                    ws.stack.clear();
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Builds the state for the seeds in {@code ws} at a position whose previous char gave {@code flags}: follows
     * empty transitions, deciding look-behind assertions and keeping look-ahead ones pending.
     */
    private State closeAndIntern(Workspace ws, int flags, StateCache into) {
        ws.visited.clear();
        ws.members.clear();
        boolean pending = false;
        for (int i = 0; i < ws.seeds.size(); i++) {
            ws.stack.push(ws.seeds.get(i));
            while (!ws.stack.isEmpty()) {
                int p = ws.stack.pop();
                if (!ws.visited.add(p)) {
                    continue;
                }
                switch (nfa.kind(p)) {
                    case Nfa.CHARS -> ws.members.add(p);
                    case Nfa.FORK -> {
                        ws.stack.push(nfa.alternative(p));
                        ws.stack.push(nfa.next(p));
                    }
                    case Nfa.ASSERT -> {
                        Anchor anchor = nfa.anchor(p);
                        if (anchor.looksAhead()) {
                            ws.members.add(p);
                            pending = true;
                        } else if (holds(anchor, flags, -1)) {
                            ws.stack.push(nfa.next(p));
                        }
                    }
                    default -> {
                        ws.stack.clear();
                        return MATCH_STATE;
                    }
                }
            }
        }
        if (ws.members.size() == 0 && !emptyStateCanRevive) {
            return DEAD_STATE;
        }
        int[] pcs = ws.members.toSortedArray();
        return intern(new State(pcs, pending ? flags & flagMask : 0, pending, classCount), into);
    }

    private State intern(State candidate, StateCache into) {
        StateCache c = into;
        State existing = c.states.get(candidate);
        if (existing != null) {
            return existing;
        }
        long cost = candidate.estimatedBytes();
        if (c.bytes.get() + cost > memoryBudget && c.states.size() > 1) {
            c = replaceFullCache(c);
            existing = c.states.get(candidate);
            if (existing != null) {
                return existing;
            }
        }
        existing = c.states.putIfAbsent(candidate, candidate);
        if (existing != null) {
            return existing;
        }
        c.bytes.addAndGet(cost);
        return candidate;
    }

    private StateCache replaceFullCache(StateCache full) {
        StateCache fresh = newCache(new Workspace(nfa.size()));
        if (cache.compareAndSet(full, fresh)) {
            cacheResets.incrementAndGet();
            return fresh;
        }
        return cache.get();
    }

    private StateCache newCache(Workspace ws) {
        StateCache c = new StateCache();
        ws.clear();
        ws.seeds.add(nfa.start());
        c.start = closeAndIntern(ws, AT_START, c);
        return c;
    }

    /** Whether a pending assertion of {@code s} leads to a match at the end of the input. */
    private boolean matchesAtEnd(State s) {
        if (!s.hasPending) {
            return false;
        }
        byte known = s.matchesAtEnd;
        if (known != 0) {
            return known > 0;
        }
        Workspace ws = new Workspace(nfa.size());
        boolean matches = false;
        for (int pc : s.pcs) {
            if (nfa.kind(pc) == Nfa.ASSERT && holds(nfa.anchor(pc), s.flags, -1)
                    && expandBeforeChar(nfa.next(pc), s.flags, -1, ws)) {
                matches = true;
                break;
            }
        }
        s.matchesAtEnd = (byte) (matches ? 1 : -1);
        return matches;
    }

    /**
     * Whether {@code anchor} holds at a position whose previous char gave {@code flags} and whose next char is
     * {@code next} ({@code -1}: the end of the input, or not known yet for the look-behind anchors).
     */
    static boolean holds(Anchor anchor, int flags, int next) {
        return switch (anchor) {
            case BEGIN_TEXT -> (flags & AT_START) != 0;
            case BEGIN_LINE -> (flags & (AT_START | PREV_NEWLINE)) != 0;
            case END_TEXT -> next < 0;
            case END_LINE -> next < 0 || next == '\n';
            case WORD_BOUNDARY -> ((flags & PREV_WORD) != 0) != isWordChar(next);
            case NOT_WORD_BOUNDARY -> ((flags & PREV_WORD) != 0) == isWordChar(next);
        };
    }

    static boolean isWordChar(int c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    }

    /**
     * Partitions chars 0..255 into classes no distinction separates; fills {@code classOf} and returns the count.
     */
    static int computeByteClasses(List<ByteSet> distinctions, int[] classOf) {
        Arrays.fill(classOf, 0);
        int count = 1;
        int[] renumber = new int[512];
        for (ByteSet set : distinctions) {
            Arrays.fill(renumber, 0, count * 2, -1);
            int next = 0;
            for (int c = 0; c < 256; c++) {
                int key = classOf[c] * 2 + (set.contains(c) ? 1 : 0);
                if (renumber[key] < 0) {
                    renumber[key] = next++;
                }
                classOf[c] = renumber[key];
            }
            count = next;
        }
        return count;
    }

    /** The states built so far for one pattern, and the start state among them. */
    private static final class StateCache {
        final ConcurrentHashMap<State, State> states = new ConcurrentHashMap<>();
        final AtomicLong bytes = new AtomicLong();
        State start;
    }

    /** A DFA state: the sorted live instructions and the flags its pending assertions need. */
    static final class State {
        final int[] pcs;
        final int flags;
        final boolean hasPending;
        final boolean isTerminal;
        /** Transitions by byte class; filled lazily and racily (see the class comment). */
        final State[] next;
        private final int hash;
        /** Whether the input may end here: 0 not computed yet, 1 match, -1 no match (benign race). */
        byte matchesAtEnd;

        State(int[] pcs, int flags, boolean hasPending, int classCount) {
            this.pcs = pcs;
            this.flags = flags;
            this.hasPending = hasPending;
            this.isTerminal = false;
            this.next = new State[classCount];
            this.hash = Arrays.hashCode(pcs) * 31 + flags;
        }

        private State() {
            this.pcs = new int[0];
            this.flags = 0;
            this.hasPending = false;
            this.isTerminal = true;
            this.next = new State[0];
            this.hash = 0;
        }

        static State terminal() {
            return new State();
        }

        long estimatedBytes() {
            // object and map entry overhead, then the two arrays
            return 96 + 16 + 4L * pcs.length + 16 + 4L * next.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof State other && flags == other.flags && Arrays.equals(pcs, other.pcs);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** Scratch space of one search, allocated on its first cache miss. */
    private static final class Workspace {
        final SparseSet visited;
        final SparseSet seeds;
        final IntList stack = new IntList();
        final IntList members = new IntList();

        Workspace(int size) {
            visited = new SparseSet(size);
            seeds = new SparseSet(size);
        }

        void clear() {
            visited.clear();
            seeds.clear();
            stack.clear();
            members.clear();
        }
    }
}
