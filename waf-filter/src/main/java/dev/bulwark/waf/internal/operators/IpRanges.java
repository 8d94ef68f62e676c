package dev.bulwark.waf.internal.operators;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A set of IPv4 and IPv6 networks (addresses and CIDR blocks) for {@code @ipMatch} and {@code @ipMatchFromFile},
 * stored as sorted, merged address ranges so that a lookup is a binary search whatever the number of entries.
 * IPv4 and IPv6 are separate families, as in ModSecurity: {@code 10.0.0.0/8} does not match {@code ::ffff:10.1.2.3}.
 * Immutable; built with {@link Builder}.
 */
final class IpRanges {

    /** IPv4 ranges as unsigned 32-bit numbers, sorted and disjoint. */
    private final long[] v4Start;
    private final long[] v4End;
    /** IPv6 ranges as (high, low) pairs compared unsigned, sorted and disjoint. */
    private final long[] v6StartHigh;
    private final long[] v6StartLow;
    private final long[] v6EndHigh;
    private final long[] v6EndLow;

    private IpRanges(List<long[]> v4, List<long[]> v6) {
        int n4 = v4.size();
        v4Start = new long[n4];
        v4End = new long[n4];
        for (int i = 0; i < n4; i++) {
            v4Start[i] = v4.get(i)[0];
            v4End[i] = v4.get(i)[1];
        }
        int n6 = v6.size();
        v6StartHigh = new long[n6];
        v6StartLow = new long[n6];
        v6EndHigh = new long[n6];
        v6EndLow = new long[n6];
        for (int i = 0; i < n6; i++) {
            long[] r = v6.get(i);
            v6StartHigh[i] = r[0];
            v6StartLow[i] = r[1];
            v6EndHigh[i] = r[2];
            v6EndLow[i] = r[3];
        }
    }

    boolean isEmpty() {
        return v4Start.length == 0 && v6StartHigh.length == 0;
    }

    /** Whether {@code value} is an IP address inside one of the networks; anything else does not match. */
    boolean contains(String value) {
        if (value.indexOf(':') < 0) {
            long address = IpAddresses.parseIpv4(value, 0, value.length());
            return address >= 0 && containsV4(address);
        }
        long[] address = new long[2];
        return IpAddresses.parseIpv6(value, 0, value.length(), address) && containsV6(address[0], address[1]);
    }

    private boolean containsV4(long address) {
        int i = Arrays.binarySearch(v4Start, address);
        if (i >= 0) {
            return true;
        }
        int before = -i - 2; // last range starting below the address
        return before >= 0 && address <= v4End[before];
    }

    private boolean containsV6(long high, long low) {
        int lo = 0;
        int hi = v6StartHigh.length - 1;
        int before = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (compare(v6StartHigh[mid], v6StartLow[mid], high, low) <= 0) {
                before = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return before >= 0 && compare(high, low, v6EndHigh[before], v6EndLow[before]) <= 0;
    }

    private static int compare(long aHigh, long aLow, long bHigh, long bLow) {
        int c = Long.compareUnsigned(aHigh, bHigh);
        return c != 0 ? c : Long.compareUnsigned(aLow, bLow);
    }

    /** Collects networks, then sorts and merges them. */
    static final class Builder {

        private final List<long[]> v4 = new ArrayList<>();
        private final List<long[]> v6 = new ArrayList<>();

        /**
         * Adds an address or CIDR block ({@code 192.168.0.0/16}, {@code 2001:db8::/32}); host bits below the prefix
         * are ignored, as in ModSecurity.
         *
         * @return null when added, else why the entry is invalid
         */
        String add(String entry) {
            int slash = entry.indexOf('/');
            String address = slash < 0 ? entry : entry.substring(0, slash);
            boolean ipv6 = address.indexOf(':') >= 0;
            int maxPrefix = ipv6 ? 128 : 32;
            int prefix = maxPrefix;
            if (slash >= 0) {
                prefix = parsePrefix(entry, slash + 1);
                if (prefix < 0 || prefix > maxPrefix) {
                    return "the prefix length must be a number from 0 to " + maxPrefix;
                }
            }
            if (!ipv6) {
                long a = IpAddresses.parseIpv4(address, 0, address.length());
                if (a < 0) {
                    return "not an IPv4 or IPv6 address";
                }
                long hostBits = prefix == 0 ? 0xffffffffL : (1L << (32 - prefix)) - 1;
                long start = a & ~hostBits & 0xffffffffL;
                v4.add(new long[] {start, start | hostBits});
                return null;
            }
            long[] a = new long[2];
            if (!IpAddresses.parseIpv6(address, 0, address.length(), a)) {
                return "not an IPv4 or IPv6 address";
            }
            long hostHigh = prefix >= 64 ? 0 : (prefix == 0 ? -1L : -1L >>> prefix);
            long hostLow = prefix >= 64 ? (prefix == 128 ? 0 : -1L >>> (prefix - 64)) : -1L;
            long startHigh = a[0] & ~hostHigh;
            long startLow = a[1] & ~hostLow;
            v6.add(new long[] {startHigh, startLow, startHigh | hostHigh, startLow | hostLow});
            return null;
        }

        private static int parsePrefix(String entry, int from) {
            int n = entry.length() - from;
            if (n < 1 || n > 3) {
                return -1;
            }
            int value = 0;
            for (int i = from; i < entry.length(); i++) {
                char c = entry.charAt(i);
                if (!ByteChars.isDigit(c)) {
                    return -1;
                }
                value = value * 10 + (c - '0');
            }
            return value;
        }

        IpRanges build() {
            return new IpRanges(merge(v4, 1), merge(v6, 2));
        }

        /** Sorts ranges of {@code words} longs per bound and merges overlapping ones. */
        private static List<long[]> merge(List<long[]> ranges, int words) {
            Comparator<long[]> byStart = words == 1
                    ? Comparator.comparingLong(r -> r[0])
                    : (x, y) -> compare(x[0], x[1], y[0], y[1]);
            List<long[]> sorted = new ArrayList<>(ranges);
            sorted.sort(byStart);
            List<long[]> merged = new ArrayList<>();
            for (long[] r : sorted) {
                long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
                if (last != null && startsWithin(r, last, words)) {
                    if (endAfter(r, last, words)) {
                        System.arraycopy(r, words, last, words, words);
                    }
                } else {
                    merged.add(r.clone());
                }
            }
            return merged;
        }

        private static boolean startsWithin(long[] r, long[] last, int words) {
            return words == 1 ? r[0] <= last[1] : compare(r[0], r[1], last[2], last[3]) <= 0;
        }

        private static boolean endAfter(long[] r, long[] last, int words) {
            return words == 1 ? r[1] > last[1] : compare(r[2], r[3], last[2], last[3]) > 0;
        }
    }
}
