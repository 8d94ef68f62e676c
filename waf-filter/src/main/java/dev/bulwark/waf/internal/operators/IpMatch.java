package dev.bulwark.waf.internal.operators;

/**
 * {@code @ipMatch list}: matches when the value is an IP address inside one of the comma-separated addresses or CIDR
 * blocks, IPv4 or IPv6 ({@code 192.168.0.0/16,10.1.2.3,2001:db8::/32}). White space around entries is ignored; an
 * entry that is not an address, or a prefix length beyond 32 (IPv4) or 128 (IPv6), is a load error. A value that is
 * not an address (including an IPv6 zone id or brackets) does not match. Lookups are binary searches over merged
 * ranges ({@link IpRanges}).
 *
 * <p>Example: {@code SecRule REMOTE_ADDR "@ipMatch 127.0.0.1,::1" "id:1,allow"}.
 */
final class IpMatch implements Operator {

    private final String source;
    private final IpRanges ranges;

    IpMatch(String source, IpRanges ranges) {
        this.source = source;
        this.ranges = ranges;
    }

    /** The {@code @ipMatch} factory. */
    static IpMatch create(OperatorArgument argument) throws OperatorException {
        IpRanges.Builder builder = new IpRanges.Builder();
        int entries = 0;
        for (String item : argument.text().split(",")) {
            String entry = trim(item);
            if (entry.isEmpty()) {
                continue;
            }
            String problem = builder.add(entry);
            if (problem != null) {
                throw new OperatorException("@ipMatch: invalid entry \"" + ByteChars.escapeForMessage(entry) + "\": "
                        + problem);
            }
            entries++;
        }
        if (entries == 0) {
            throw new OperatorException("@ipMatch needs at least one IP address or network");
        }
        return new IpMatch("@ipMatch " + argument.text(), builder.build());
    }

    static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && ByteChars.isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && ByteChars.isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    @Override
    public boolean matches(OperatorContext context, String value) {
        return ranges.contains(value);
    }

    @Override
    public String toString() {
        return source;
    }
}
