package dev.bulwark.waf.internal.actions;

import java.util.Set;

/** Names of the collections that actions may write. */
final class Collections {

    /** TX plus the collections {@code initcol} opens (transient in Bulwark: they live as long as the request). */
    static final Set<String> WRITABLE = Set.of("TX", "GLOBAL", "IP", "SESSION", "USER", "RESOURCE");

    /** The collections {@code initcol} may open. */
    static final Set<String> INITCOL = Set.of("GLOBAL", "IP", "SESSION", "USER", "RESOURCE");

    private Collections() {}
}
