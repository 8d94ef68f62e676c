package dev.bulwark.waf.internal.regex;

import static dev.bulwark.waf.internal.regex.LazyDfa.AT_START;
import static dev.bulwark.waf.internal.regex.LazyDfa.PREV_NEWLINE;
import static dev.bulwark.waf.internal.regex.LazyDfa.PREV_WORD;

import dev.bulwark.waf.internal.regex.RegexTree.Anchor;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A lazy DFA that reports where matches end, not only whether there is one: the building block of
 * {@link MatchBounds}. Its states are lists of NFA threads in priority order (RE2's DFA for leftmost-first search),
 * so that in {@link Mode#FIRST} a state drops every thread of lower priority than a match it reaches, and the last
 * match seen before the threads run out is the one leftmost-first matching picks. In {@link Mode#LONGEST} nothing is
 * dropped and the last match seen is the longest. A scan runs forwards or, over a reversed program, backwards.
 *
 * <p>Assertions are handled as in {@link LazyDfa}: look-behind ones while building a state, look-ahead ones kept
 * pending in it and decided on the next char; a match reached through one is a match before that char. Whether a
 * state was entered through a match, here or one char back, is part of the state, so a scan reads it without a
 * second table.
 *
 * <p>Thread-safe like {@link LazyDfa}: immutable states with racily filled transition slots, a concurrent map of
 * states, an emptied cache when the memory budget is exceeded, and {@link #UNDECIDED} when a scan thrashes.
 */
final class OrderedDfa {

    /** The two ways of choosing among matches. */
    enum Mode {
        /** Leftmost-first (Perl, RE2): a match cuts the threads of lower priority. */
        FIRST,
        /** Longest: every thread runs on. */
        LONGEST
    }

    /** {@link #scanForward} and {@link #scanBackward}: no match. */
    static final int NO_MATCH = -1;
    /** The caller must use RE2/J: a char above 255, or a scan that thrashes. */
    static final int UNDECIDED = -2;

    private static final int THRASH_MIN_MISSES = 1000;
    private static final int THRASH_CHARS_PER_MISS = 4;

    /** How a state was entered. */
    private static final int NONE = 0;
    /** A match ends at the state's position. */
    private static final int HERE = 1;
    /** A match ends one char before the state's position (through a look-ahead assertion). */
    private static final int BEFORE = 2;

    private final Nfa nfa;
    private final Mode mode;
    private final int[] classOf = new int[256];
    private final int classCount;
    private final int flagMask;
    private final long memoryBudget;
    private final AtomicReference<StateCache> cache;
    private final AtomicLong cacheResets = new AtomicLong();

    OrderedDfa(Nfa nfa, Mode mode, long memoryBudget) {
        this.nfa = nfa;
        this.mode = mode;
        this.memoryBudget = memoryBudget;
        this.flagMask = LazyDfa.flagMask(nfa);
        this.classCount = LazyDfa.byteClasses(nfa, classOf);
        this.cache = new AtomicReference<>(new StateCache());
    }

    /**
     * Scans {@code input} from the start; returns the end of the last match seen (see the class comment), or
     * {@link #NO_MATCH} or {@link #UNDECIDED}.
     */
    int scanForward(String input) {
        return scan(input, 0, true, AT_START);
    }

    /**
     * Scans {@code input} backwards from position {@code from} (the program must be the reversed pattern's); returns
     * the position of the last match seen, or {@link #NO_MATCH} or {@link #UNDECIDED}. The char at {@code from}
     * is the one "before" the scan, for the assertions.
     */
    int scanBackward(String input, int from) {
        int flags;
        if (from == input.length()) {
            flags = AT_START;
        } else {
            int c = input.charAt(from);
            flags = (LazyDfa.isWordChar(c) ? PREV_WORD : 0) | (c == '\n' ? PREV_NEWLINE : 0);
        }
        return scan(input, from, false, flags);
    }

    /** Scans from position {@code from} to the end of the input, or backwards to its start. */
    private int scan(String input, int from, boolean forward, int startFlags) {
        int stop = forward ? input.length() : 0;
        StateCache c = cache.get();
        State s = c.start(startFlags & flagMask, this);
        int last = s.event == HERE ? from : NO_MATCH;
        Workspace ws = null;
        int misses = 0;
        long resetsBefore = 0;
        int step = forward ? 1 : -1;
        int steps = 0;
        for (int i = from; i != stop; i += step) {
            if (s.pcs.length == 0) {
                return last;
            }
            int ch = input.charAt(forward ? i : i - 1);
            if (ch > 0xFF) {
                return UNDECIDED;
            }
            int column = classOf[ch];
            State t = s.next[column];
            if (t == null) {
                if (ws == null) {
                    ws = new Workspace(nfa.size());
                    resetsBefore = cacheResets.get();
                }
                t = step(s, ch, ws);
                s.next[column] = t;
                if (++misses > THRASH_MIN_MISSES && misses > steps / THRASH_CHARS_PER_MISS
                        && cacheResets.get() != resetsBefore) {
                    return UNDECIDED;
                }
            }
            steps++;
            int after = i + step;
            if (t.event == HERE) {
                last = after;
            } else if (t.event == BEFORE) {
                last = i;
            }
            s = t;
        }
        if (s.hasPending && matchesAtEnd(s)) {
            last = forward ? input.length() : 0;
        }
        return last;
    }

    /** The state after {@code s} on char {@code c}. */
    private State step(State s, int c, Workspace ws) {
        ws.clear();
        int flags = (LazyDfa.isWordChar(c) ? PREV_WORD : 0) | (c == '\n' ? PREV_NEWLINE : 0);
        int event = NONE;
        for (int pc : s.pcs) {
            int found;
            if (nfa.kind(pc) == Nfa.CHARS) {
                found = nfa.chars(pc).contains(c) && closeInto(nfa.next(pc), flags, ws) ? HERE : NONE;
            } else {
                found = LazyDfa.holds(nfa.anchor(pc), s.flags, c) ? expandBeforeChar(nfa.next(pc), s.flags, c,
                        flags, ws) : NONE;
            }
            if (found != NONE) {
                if (mode == Mode.FIRST) {
                    event = found;
                    break; // threads of lower priority lose to this match
                }
                event = event == HERE || found == HERE ? HERE : BEFORE; // the farther end is the longer match
            }
        }
        return intern(ws, flags, event);
    }

    /**
     * Adds the threads reached from {@code pc} at a position whose previous char gave {@code flags}, in priority
     * order. True when the match instruction is reached (in {@link Mode#FIRST}, the threads after it are left out).
     */
    private boolean closeInto(int pc, int flags, Workspace ws) {
        boolean matched = false;
        ws.stack.push(pc);
        while (!ws.stack.isEmpty()) {
            int p = ws.stack.pop();
            if (!ws.visitedNext.add(p)) {
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
                        ws.pending = true;
                    } else if (LazyDfa.holds(anchor, flags, -1)) {
                        ws.stack.push(nfa.next(p));
                    }
                }
                default -> {
                    matched = true;
                    if (mode == Mode.FIRST) {
                        ws.stack.clear();
                        return true;
                    }
                }
            }
        }
        return matched;
    }

    /**
     * Follows a pending assertion that holds before char {@code c}: what accepts {@code c} continues after it
     * ({@link #closeInto} with {@code nextFlags}). Returns {@link #BEFORE} when the match instruction is reached
     * before {@code c}, {@link #HERE} when after it, else {@link #NONE}.
     */
    private int expandBeforeChar(int pc, int flags, int c, int nextFlags, Workspace ws) {
        int found = NONE;
        ws.here.push(pc);
        while (!ws.here.isEmpty()) {
            int p = ws.here.pop();
            if (!ws.visitedHere.add(p)) {
                continue;
            }
            switch (nfa.kind(p)) {
                case Nfa.CHARS -> {
                    if (nfa.chars(p).contains(c) && closeInto(nfa.next(p), nextFlags, ws)) {
                        if (mode == Mode.FIRST) {
                            ws.here.clear();
                            return HERE;
                        }
                        found = HERE;
                    }
                }
                case Nfa.FORK -> {
                    ws.here.push(nfa.alternative(p));
                    ws.here.push(nfa.next(p));
                }
                case Nfa.ASSERT -> {
                    if (LazyDfa.holds(nfa.anchor(p), flags, c)) {
                        ws.here.push(nfa.next(p));
                    }
                }
                default -> {
                    if (mode == Mode.FIRST) {
                        ws.here.clear();
                        return BEFORE;
                    }
                    if (found == NONE) {
                        found = BEFORE;
                    }
                }
            }
        }
        return found;
    }

    /** The state the workspace's members make, entered with {@code event}. */
    private State intern(Workspace ws, int flags, int event) {
        State candidate = new State(ws.members.toArray(), ws.pending ? flags & flagMask : 0, ws.pending, event,
                classCount);
        StateCache c = cache.get();
        State existing = c.states.get(candidate);
        if (existing != null) {
            return existing;
        }
        long cost = candidate.estimatedBytes();
        if (c.bytes.get() + cost > memoryBudget && c.states.size() > 1) {
            StateCache fresh = new StateCache();
            if (cache.compareAndSet(c, fresh)) {
                cacheResets.incrementAndGet();
            }
            c = cache.get();
        }
        existing = c.states.putIfAbsent(candidate, candidate);
        if (existing != null) {
            return existing;
        }
        c.bytes.addAndGet(cost);
        return candidate;
    }

    /** The start state at a position whose previous char (or the start of the text) gave {@code flags}. */
    private State buildStart(int flags) {
        Workspace ws = new Workspace(nfa.size());
        boolean matched = closeInto(nfa.start(), flags, ws);
        return intern(ws, flags, matched ? HERE : NONE);
    }

    /** Whether a pending assertion of {@code s} leads to a match at the end of the input. */
    private boolean matchesAtEnd(State s) {
        byte known = s.matchesAtEnd;
        if (known != 0) {
            return known > 0;
        }
        boolean matches = false;
        Workspace ws = new Workspace(nfa.size());
        for (int pc : s.pcs) {
            if (nfa.kind(pc) == Nfa.ASSERT && LazyDfa.holds(nfa.anchor(pc), s.flags, -1)
                    && expandBeforeChar(nfa.next(pc), s.flags, -1, 0, ws) == BEFORE) {
                matches = true;
                break;
            }
        }
        s.matchesAtEnd = (byte) (matches ? 1 : -1);
        return matches;
    }

    long cacheResets() {
        return cacheResets.get();
    }

    /** The states built so far, and the start states by flags. */
    private static final class StateCache {
        final ConcurrentHashMap<State, State> states = new ConcurrentHashMap<>();
        final AtomicLong bytes = new AtomicLong();
        /** By the start flags (at most the three flag bits). */
        final State[] starts = new State[8];

        State start(int flags, OrderedDfa dfa) {
            State s = starts[flags];
            if (s == null) {
                s = dfa.buildStart(flags);
                starts[flags] = s;
            }
            return s;
        }
    }

    /** A state: threads in priority order, the flags pending assertions need, and how it was entered. */
    private static final class State {
        final int[] pcs;
        final int flags;
        final boolean hasPending;
        final int event;
        final State[] next;
        private final int hash;
        /** 0 unknown, 1 a match at the end of the input, -1 none (benign race). */
        byte matchesAtEnd;

        State(int[] pcs, int flags, boolean hasPending, int event, int classCount) {
            this.pcs = pcs;
            this.flags = flags;
            this.hasPending = hasPending;
            this.event = event;
            this.next = new State[classCount];
            this.hash = (Arrays.hashCode(pcs) * 31 + flags) * 3 + event;
        }

        long estimatedBytes() {
            return 96 + 16 + 4L * pcs.length + 16 + 4L * next.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof State other && flags == other.flags && event == other.event
                    && Arrays.equals(pcs, other.pcs);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** Scratch space of one scan, allocated on its first cache miss. */
    private static final class Workspace {
        final SparseSet visitedHere;
        final SparseSet visitedNext;
        final IntList stack = new IntList();
        final IntList here = new IntList();
        final IntList members = new IntList();
        boolean pending;

        Workspace(int size) {
            visitedHere = new SparseSet(size);
            visitedNext = new SparseSet(size);
        }

        void clear() {
            visitedHere.clear();
            visitedNext.clear();
            stack.clear();
            here.clear();
            members.clear();
            pending = false;
        }
    }
}
