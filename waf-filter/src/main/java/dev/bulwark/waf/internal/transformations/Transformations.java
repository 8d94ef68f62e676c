package dev.bulwark.waf.internal.transformations;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The table of every transformation, by SecLang name (case-insensitive). The only place where names are bound to
 * implementations; an unknown name is a load error in the rule compiler.
 */
public final class Transformations {

    private static final Map<String, Transformation> BY_NAME = table(
            new None(),
            new Lowercase());

    private Transformations() {}

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
