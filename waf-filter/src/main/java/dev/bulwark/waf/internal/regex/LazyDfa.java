package dev.bulwark.waf.internal.regex;

import dev.bulwark.waf.internal.regex.RegexTree.Anchor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Unanchored match-or-not search over a byte string with an {@link Nfa}, by subset construction on demand (RE2's
 * lazy DFA): each DFA state is the set of NFA instructions alive at a position, built the first time some input
 * needs it and then reused. Linear in the input whatever the pattern: a step builds at most one state.
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
 * <p><b>Table.</b> States are numbered, and their transitions kept in one flat int table ({@link StateCache}):
 * a warm search costs one array load per char, the entry being the next state's row.
 *
 * <p><b>Threads.</b> One instance serves all threads. Searches read the table without locking; states and
 * transitions are added under the cache's lock (see {@link StateCache} for why racy reads are safe). When the
 * states of one cache exceed the memory budget, the thread that needs a new state swaps in an empty cache; threads
 * still walking the old table finish on it. A search whose states keep overflowing the budget gives up
 * ({@link #UNDECIDED}) so the caller can use RE2/J, as RE2 falls back from its DFA to its NFA.
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

    /** Sentinels of {@link #step} and {@link #close} for a match reached and for no thread left. */
    private static final State MATCH_STATE = new State(new int[0], 0, false);
    private static final State DEAD_STATE = new State(new int[0], 0, false);

    /** Table entries besides rows: not worked out yet, a match, no match possible any more. */
    private static final int UNKNOWN = -1;
    private static final int MATCH_ENTRY = -2;
    private static final int DEAD_ENTRY = -3;

    private final Nfa nfa;
    private final int[] classOf = new int[256];
    private final int classCount;
    /** A table row: one entry per byte class, then the end-of-input verdict. */
    private final int rowWidth;
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
        this.flagMask = flagMask(nfa);
        this.emptyStateCanRevive = nfa.uses(Anchor.BEGIN_LINE);
        this.classCount = byteClasses(nfa, classOf);
        this.rowWidth = classCount + 1;
        this.cache = new AtomicReference<>(newCache(new Workspace(nfa.size())));
    }

    /**
     * Whether the pattern matches somewhere in {@code input}: {@link #MATCH}, {@link #NO_MATCH}, or
     * {@link #UNDECIDED}.
     */
    int find(String input) {
        StateCache c = cache.get();
        int s = c.start;
        if (s < 0) {
            return s == MATCH_ENTRY ? MATCH : NO_MATCH;
        }
        int[] table = c.table;
        Workspace ws = null;
        int misses = 0;
        long resetsBefore = 0;
        int n = input.length();
        for (int i = 0; i < n; i++) {
            int ch = input.charAt(i);
            if (ch > 0xFF) {
                return UNDECIDED;
            }
            // one load per char: the entry is the next state's row, or a negative constant
            int t = table[s + classOf[ch]];
            if (t < 0) {
                if (t == UNKNOWN) {
                    if (ws == null) {
                        ws = new Workspace(nfa.size());
                        resetsBefore = cacheResets.get();
                    }
                    t = transition(c, s, ch, ws);
                    if (++misses > THRASH_MIN_MISSES && misses > i / THRASH_CHARS_PER_MISS
                            && cacheResets.get() != resetsBefore) {
                        return UNDECIDED; // the states do not fit the budget: building them costs more than RE2/J
                    }
                    c = ws.cache; // a reset moves the search into the new cache, where t is
                    table = c.table;
                }
                if (t == MATCH_ENTRY) {
                    return MATCH;
                }
                if (t == DEAD_ENTRY) {
                    return NO_MATCH;
                }
            }
            s = t;
        }
        return matchesAtEnd(c, s) ? MATCH : NO_MATCH;
    }

    /** How many times a full cache was replaced by an empty one (for tests and tuning). */
    long cacheResets() {
        return cacheResets.get();
    }

    /** States in the current cache (for tests and tuning). */
    int cachedStates() {
        StateCache c = cache.get();
        synchronized (c) {
            return c.count;
        }
    }

    /** Estimated bytes of the states in the current cache (for tests and tuning). */
    long cachedBytes() {
        StateCache c = cache.get();
        synchronized (c) {
            return c.bytes;
        }
    }

    int byteClassCount() {
        return classCount;
    }

    /**
     * Works out the transition from the state at {@code row} of cache {@code c} on char {@code ch}, stores it, and
     * returns its entry; {@code ws.cache} is then the cache that entry belongs to (another one after a reset).
     */
    private int transition(StateCache c, int row, int ch, Workspace ws) {
        State from = c.stateAt(row);
        State to = step(from, ch, ws);
        if (to == MATCH_STATE || to == DEAD_STATE) {
            int entry = to == MATCH_STATE ? MATCH_ENTRY : DEAD_ENTRY;
            c.store(row + classOf[ch], entry);
            ws.cache = c;
            return entry;
        }
        return intern(to, c, row + classOf[ch], ws);
    }

    /** Builds the state after {@code s} on char {@code c}, not yet interned (or a terminal state). */
    private State step(State s, int c, Workspace ws) {
        ws.clear();
        for (int pc : s.pcs) {
            if (nfa.kind(pc) == Nfa.CHARS) {
                if (nfa.chars(pc).contains(c)) {
                    ws.seeds.add(nfa.next(pc));
                }
            } else if (holds(nfa.anchor(pc), s.flags, c) && expandBeforeChar(nfa.next(pc), s.flags, c, ws)) {
                return MATCH_STATE;
            }
        }
        ws.seeds.add(nfa.start()); // unanchored: a match may also start at the next position
        int flags = (isWordChar(c) ? PREV_WORD : 0) | (c == '\n' ? PREV_NEWLINE : 0);
        return close(ws, flags);
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
     * empty transitions, deciding look-behind assertions and keeping look-ahead ones pending. Not yet interned.
     */
    private State close(Workspace ws, int flags) {
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
        return new State(ws.members.toSortedArray(), pending ? flags & flagMask : 0, pending);
    }

    /**
     * Interns {@code candidate} in cache {@code c} and stores it as the entry at {@code slot} (no slot: -1); when
     * {@code c} is full or no longer current, in the current cache instead (a fresh one if need be), without the
     * transition, whose row is in the old one. Returns the state's row; {@code ws.cache} is the cache it is in.
     */
    private int intern(State candidate, StateCache c, int slot, Workspace ws) {
        synchronized (c) {
            if (cache.get() == c) {
                State known = c.states.get(candidate);
                if (known != null || c.bytes + candidate.estimatedBytes(rowWidth) <= memoryBudget || c.count <= 1) {
                    int row = known != null ? known.row : c.add(candidate);
                    if (slot >= 0) {
                        c.table[slot] = row;
                    }
                    ws.cache = c;
                    return row;
                }
                if (cache.compareAndSet(c, newCache(new Workspace(nfa.size())))) {
                    cacheResets.incrementAndGet();
                }
            }
        }
        return intern(candidate, cache.get(), -1, ws);
    }

    private StateCache newCache(Workspace ws) {
        StateCache c = new StateCache(rowWidth);
        ws.clear();
        ws.seeds.add(nfa.start());
        State start = close(ws, AT_START);
        if (start == MATCH_STATE || start == DEAD_STATE) {
            c.start = start == MATCH_STATE ? MATCH_ENTRY : DEAD_ENTRY;
        } else {
            synchronized (c) {
                c.start = c.add(start);
            }
        }
        return c;
    }

    /**
     * Whether the input may end in the state at {@code row}: a pending assertion of it leads to a match there. Kept
     * in the row's last slot once worked out.
     */
    private boolean matchesAtEnd(StateCache c, int row) {
        int known = c.table[row + classCount];
        if (known != UNKNOWN) {
            return known == 1;
        }
        State s = c.stateAt(row);
        boolean matches = false;
        if (s.hasPending) {
            Workspace ws = new Workspace(nfa.size());
            for (int pc : s.pcs) {
                if (nfa.kind(pc) == Nfa.ASSERT && holds(nfa.anchor(pc), s.flags, -1)
                        && expandBeforeChar(nfa.next(pc), s.flags, -1, ws)) {
                    matches = true;
                    break;
                }
            }
        }
        c.store(row + classCount, matches ? 1 : 0);
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

    /** The flag bits some assertion of {@code nfa} reads (for {@link OrderedDfa} too). */
    static int flagMask(Nfa nfa) {
        boolean wordAnchors = nfa.uses(Anchor.WORD_BOUNDARY) || nfa.uses(Anchor.NOT_WORD_BOUNDARY);
        boolean beginLine = nfa.uses(Anchor.BEGIN_LINE);
        return (wordAnchors ? PREV_WORD : 0) | (beginLine ? PREV_NEWLINE | AT_START : 0)
                | (nfa.uses(Anchor.BEGIN_TEXT) ? AT_START : 0);
    }

    /**
     * The byte classes of {@code nfa}: chars its instructions and assertions all treat alike share one. Fills
     * {@code classOf} and returns the count (for {@link OrderedDfa} too).
     */
    static int byteClasses(Nfa nfa, int[] classOf) {
        List<ByteSet> distinctions = nfa.distinctCharSets();
        if (nfa.uses(Anchor.WORD_BOUNDARY) || nfa.uses(Anchor.NOT_WORD_BOUNDARY)) {
            distinctions.add(RegexParser.WORD);
        }
        if (nfa.uses(Anchor.BEGIN_LINE) || nfa.uses(Anchor.END_LINE)) {
            distinctions.add(ByteSet.of('\n'));
        }
        return computeByteClasses(distinctions, classOf);
    }

    /**
     * Partitions chars 0..255 into classes no distinction separates; fills {@code classOf} and returns the count.
     */
    private static int computeByteClasses(List<ByteSet> distinctions, int[] classOf) {
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

    /**
     * The states built so far for one pattern and their transitions, as one table of rows: a state's row holds,
     * per byte class, the row of the next state or {@link #UNKNOWN}, {@link #MATCH_ENTRY}, {@link #DEAD_ENTRY}, then
     * whether the input may end there ({@link #UNKNOWN}, 1, 0). Searches read it without locking: an entry is a
     * row of the table it was written in (the table is replaced by a larger copy under the lock, and entries are
     * written under the lock into the current one), and fresh rows are filled with {@link #UNKNOWN} before the table
     * is published. A racy read sees {@link #UNKNOWN} at worst, and works the entry out again under the lock.
     */
    private static final class StateCache {
        private final int rowWidth;
        /** Guarded by this. */
        final HashMap<State, State> states = new HashMap<>();
        private State[] byId = new State[16];
        int count;
        long bytes;
        volatile int[] table;
        /** The start state's row, or a terminal entry. */
        int start;

        StateCache(int rowWidth) {
            this.rowWidth = rowWidth;
            int[] t = new int[16 * rowWidth];
            Arrays.fill(t, UNKNOWN);
            table = t;
        }

        /** Adds a new state (under the lock); returns its row. */
        int add(State s) {
            if (count == byId.length) {
                byId = Arrays.copyOf(byId, count * 2);
                int[] grown = Arrays.copyOf(table, count * 2 * rowWidth);
                Arrays.fill(grown, count * rowWidth, grown.length, UNKNOWN);
                table = grown;
            }
            s.row = count * rowWidth;
            byId[count++] = s;
            states.put(s, s);
            bytes += s.estimatedBytes(rowWidth);
            return s.row;
        }

        synchronized State stateAt(int row) {
            return byId[row / rowWidth];
        }

        synchronized void store(int slot, int entry) {
            table[slot] = entry;
        }
    }

    /** A DFA state: the sorted live instructions and the flags its pending assertions need. */
    static final class State {
        final int[] pcs;
        final int flags;
        final boolean hasPending;
        private final int hash;
        /** Its row in the table of the cache it was added to (set once, under that cache's lock). */
        int row = -1;

        State(int[] pcs, int flags, boolean hasPending) {
            this.pcs = pcs;
            this.flags = flags;
            this.hasPending = hasPending;
            this.hash = Arrays.hashCode(pcs) * 31 + flags;
        }

        long estimatedBytes(int rowWidth) {
            // object and map entry overhead, the instruction array, and the table row
            return 96 + 16 + 4L * pcs.length + 4L * rowWidth;
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
        /** The cache the last transition's entry belongs to. */
        StateCache cache;

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
