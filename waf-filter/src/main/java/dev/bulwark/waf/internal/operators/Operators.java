package dev.bulwark.waf.internal.operators;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The table of every operator factory, by SecLang name (case-insensitive). The only place where operator names are
 * bound to implementations; an unknown name is a load error in the rule compiler.
 */
public final class Operators {

    private static final Map<String, OperatorFactory> BY_NAME = table(Map.of(
            "rx", Rx::new,
            "detectXSS", DetectXss::new,
            "unconditionalMatch", arg -> (ctx, value) -> true));

    private Operators() {}

    private static Map<String, OperatorFactory> table(Map<String, OperatorFactory> entries) {
        Map<String, OperatorFactory> m = new TreeMap<>();
        entries.forEach((name, factory) -> m.put(name.toLowerCase(Locale.ROOT), factory));
        return Map.copyOf(m);
    }

    /** The factory of operator {@code name} (without {@code @}, any case), or null when there is none. */
    public static OperatorFactory lookup(String name) {
        return BY_NAME.get(name.toLowerCase(Locale.ROOT));
    }

    /** All registered names, lower-cased. */
    public static Set<String> names() {
        return new TreeMap<>(BY_NAME).keySet();
    }
}
