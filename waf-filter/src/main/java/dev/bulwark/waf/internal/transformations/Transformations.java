package dev.bulwark.waf.internal.transformations;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The table of every transformation, by SecLang name (case-insensitive). The only place where names are bound to
 * implementations; an unknown name is a load error in the rule compiler. The British spellings
 * {@code normalisePath}/{@code normalisePathWin} are registered next to {@code normalizePath}/{@code normalizePathWin},
 * as in ModSecurity.
 */
public final class Transformations {

    private static final Map<String, Transformation> BY_NAME = table(
            new Base64Decode(),
            new Base64DecodeExt(),
            new Base64Encode(),
            new CmdLine(),
            new CompressWhitespace(),
            new CssDecode(),
            new EscapeSeqDecode(),
            new HexDecode(),
            new HexEncode(),
            new HtmlEntityDecode(),
            new JsDecode(),
            new Length(),
            new Lowercase(),
            new Md5(),
            new None(),
            new NormalizePath("normalizePath"),
            new NormalizePath("normalisePath"),
            new NormalizePathWin("normalizePathWin"),
            new NormalizePathWin("normalisePathWin"),
            new ParityEven7bit(),
            new ParityOdd7bit(),
            new ParityZero7bit(),
            new PhpArgsNames(),
            new RemoveComments(),
            new RemoveCommentsChar(),
            new RemoveNulls(),
            new RemoveWhitespace(),
            new ReplaceComments(),
            new ReplaceNulls(),
            new Sha1(),
            new SqlHexDecode(),
            new Trim(),
            new TrimLeft(),
            new TrimRight(),
            new Uppercase(),
            new UrlDecode(),
            new UrlDecodeUni(),
            new UrlEncode(),
            new Utf8ToUnicode());

    /** A distinct bit per registered transformation instance, for sets of transformations in one {@code long}. */
    private static final Map<Transformation, Long> BITS = bits();
    /** The registered transformations that can leave some value unchanged, with their bits and triggers. */
    private static final long[] TRIGGER_BITS;
    private static final long[] TRIGGERS;

    static {
        List<Transformation> selective = new java.util.ArrayList<>();
        for (Transformation t : BITS.keySet()) {
            if (t.triggers() != CharClasses.ALL) {
                selective.add(t);
            }
        }
        TRIGGER_BITS = new long[selective.size()];
        TRIGGERS = new long[selective.size()];
        for (int i = 0; i < selective.size(); i++) {
            TRIGGER_BITS[i] = BITS.get(selective.get(i));
            TRIGGERS[i] = selective.get(i).triggers();
        }
    }

    private Transformations() {}

    private static Map<Transformation, Long> bits() {
        Map<Transformation, Long> m = new java.util.IdentityHashMap<>();
        for (Transformation t : BY_NAME.values()) {
            m.putIfAbsent(t, 1L << m.size());
        }
        if (m.size() > 63) {
            throw new IllegalStateException("more than 63 transformations: widen the transformation sets");
        }
        return m;
    }

    /**
     * The bit of a registered transformation (one of 63), or 0 for an instance not in the table; a set holding the
     * latter cannot be represented, which callers treat as "unknown".
     */
    public static long bit(Transformation t) {
        Long b = BITS.get(t);
        return b == null ? 0 : b;
    }

    /**
     * The transformations ({@link #bit} set) that leave a value of these {@link CharClasses} as it is, since none of
     * their {@link Transformation#triggers} is in it.
     */
    public static long unchangedBy(long classes) {
        long bits = 0;
        for (int i = 0; i < TRIGGERS.length; i++) {
            if ((TRIGGERS[i] & classes) == 0) {
                bits |= TRIGGER_BITS[i];
            }
        }
        return bits;
    }

    private static Map<String, Transformation> table(Transformation... all) {
        Map<String, Transformation> m = new TreeMap<>();
        for (Transformation t : all) {
            if (m.put(t.name().toLowerCase(Locale.ROOT), t) != null) {
                throw new IllegalStateException("duplicate transformation " + t.name());
            }
        }
        return Map.copyOf(m);
    }

    /** The transformation called {@code name} (any case), or null when there is none. */
    public static Transformation lookup(String name) {
        return BY_NAME.get(name.toLowerCase(Locale.ROOT));
    }

    /** All registered names, lower-cased. */
    public static Set<String> names() {
        return new TreeMap<>(BY_NAME).keySet();
    }
}
