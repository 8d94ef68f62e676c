package dev.bulwark.waf.internal.audit;

/**
 * {@code SecAuditLogParts}: which sections of a transaction the audit log writes. Immutable. Letters are those of
 * ModSecurity ({@code A}..{@code K}, {@code Z}, any case); what each one means in Bulwark's JSON:
 *
 * <ul>
 *   <li>{@code A} header: id, time, addresses, request line. Always written, as in ModSecurity.
 *   <li>{@code B} request headers ({@code request.headers}).
 *   <li>{@code C} request body excerpt ({@code request.body}); {@code I} does the same (ModSecurity's I is C without
 *       file contents; Bulwark logs the same capped excerpt for both).
 *   <li>{@code E} response body excerpt ({@code response.body}), when the filter captured one.
 *   <li>{@code F} response headers ({@code response.headers}).
 *   <li>{@code H} producer and the rule messages ({@code producer}, {@code messages}).
 *   <li>{@code K} Bulwark's match details in each message ({@code messages[].bulwark}: variable, matched value,
 *       operator, phase); messages are written when H or K is present.
 *   <li>{@code Z} end of record: always written (the line ends).
 *   <li>{@code D}, {@code G}, {@code J}: accepted, nothing to write (reserved in ModSecurity; J would list uploaded
 *       files).
 * </ul>
 */
public final class AuditParts {

    private static final String LETTERS = "ABCDEFGHIJKZ";

    /** libmodsecurity's default (ABCFHZ) plus K, so that the match details reach the audit log. */
    public static final AuditParts DEFAULT = new AuditParts(bits("ABCFHKZ"));

    private final int bits;

    private AuditParts(int bits) {
        this.bits = bits;
    }

    /**
     * Parses a parts string such as {@code ABIJDEFHZ}.
     *
     * @throws IllegalArgumentException naming the first letter that is not a part
     */
    public static AuditParts parse(String parts) {
        String p = parts.trim();
        if (p.isEmpty()) {
            throw new IllegalArgumentException("SecAuditLogParts needs at least one part letter (A..K, Z)");
        }
        for (int i = 0; i < p.length(); i++) {
            if (bit(p.charAt(i)) == 0) {
                throw new IllegalArgumentException("SecAuditLogParts: '" + p.charAt(i)
                        + "' is not an audit log part (the parts are A to K and Z)");
            }
        }
        return new AuditParts(bits(p));
    }

    /**
     * The parts after a {@code ctl:auditLogParts=VALUE}: {@code +XY} adds parts, {@code -XY} removes them, anything
     * else replaces them. Letters that are not parts are ignored: the value was accepted at load time and this runs
     * per request, where nothing may fail.
     */
    AuditParts apply(String ctlValue) {
        if (ctlValue == null || ctlValue.isEmpty()) {
            return this;
        }
        char sign = ctlValue.charAt(0);
        if (sign == '+') {
            return of(bits | bits(ctlValue.substring(1)));
        }
        if (sign == '-') {
            return of(bits & ~bits(ctlValue.substring(1)));
        }
        return of(bits(ctlValue));
    }

    private AuditParts of(int newBits) {
        return newBits == bits ? this : new AuditParts(newBits);
    }

    /** Whether {@code part} (an upper-case letter) is present. */
    boolean has(char part) {
        return (bits & bit(part)) != 0;
    }

    boolean requestHeaders() {
        return has('B');
    }

    boolean requestBody() {
        return has('C') || has('I');
    }

    boolean responseBody() {
        return has('E');
    }

    boolean responseHeaders() {
        return has('F');
    }

    boolean producer() {
        return has('H');
    }

    boolean messages() {
        return has('H') || has('K');
    }

    boolean matchDetails() {
        return has('K');
    }

    private static int bits(String letters) {
        int b = 0;
        for (int i = 0; i < letters.length(); i++) {
            b |= bit(letters.charAt(i));
        }
        return b;
    }

    private static int bit(char c) {
        char upper = c >= 'a' && c <= 'z' ? (char) (c - 32) : c;
        int i = LETTERS.indexOf(upper);
        return i < 0 ? 0 : 1 << i;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuditParts p && p.bits == bits;
    }

    @Override
    public int hashCode() {
        return bits;
    }

    /** The parts as letters, in ModSecurity's order ({@code ABCFHKZ}). */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < LETTERS.length(); i++) {
            if ((bits & (1 << i)) != 0) {
                b.append(LETTERS.charAt(i));
            }
        }
        return b.toString();
    }
}
