package dev.bulwark.waf.internal.transformations;

/**
 * The path normalisation behind {@code t:normalizePath} and {@code t:normalizePathWin}, a step-by-step equivalent of
 * ModSecurity's {@code normalize_path_inplace}: it removes {@code ./} self references, resolves {@code ../} against
 * the previous segment, collapses runs of slashes and keeps the trailing slash only when the input had one. A
 * relative path keeps the back references it cannot resolve ({@code dir/../../foo} is {@code ../foo}); an absolute
 * one never goes above its root. The Windows variant first turns backslashes into slashes.
 *
 * <p>Its quirks are ModSecurity's: {@code ..} is recognised by looking at the output written so far, so a segment
 * ending in {@code ..} (such as {@code ab..}) also counts as a back reference; and in a run of three or more
 * separators that mixes in backslashes, the Windows variant can leave one backslash in place.
 */
final class PathNormalizer {

    private PathNormalizer() {}

    static String normalize(String value, boolean windows) {
        if (value.isEmpty() || !mayChange(value, windows)) {
            return value;
        }
        return normalizeFully(value, windows);
    }

    /** {@link #normalize} without the shortcut for values it cannot change (for tests of that shortcut). */
    static String normalizeFully(String value, boolean windows) {
        int n = value.length();
        if (n == 0) {
            return value;
        }
        char[] b = value.toCharArray();
        int end = n - 1;
        boolean relative = !isSeparator(b[0], windows);
        boolean trailing = isSeparator(b[end], windows);
        boolean hitRoot = false;
        boolean done = false;
        int src = 0;
        int dst = 0;
        while (!done && src <= end && dst <= end) {
            if (windows) {
                // Converted in place, one byte ahead, as ModSecurity does.
                if (b[src] == '\\') {
                    b[src] = '/';
                }
                if (src < end && b[src + 1] == '\\') {
                    b[src + 1] = '/';
                }
            }
            boolean copy = true;
            boolean segmentEnd;
            if (src == end) {
                done = true;
                segmentEnd = true;
            } else {
                segmentEnd = b[src + 1] == '/';
            }
            if (segmentEnd && !(src != end && b[src] == '/')) {
                if (b[src] == '.') {
                    if (dst > 0 && b[dst - 1] == '.') {
                        // Back reference.
                        if (relative && (hitRoot || dst - 2 <= 0)) {
                            // Nothing to go back to in a relative path: keep the "..".
                            hitRoot = true;
                        } else {
                            dst -= 3;
                            while (dst > 0 && b[dst] != '/') {
                                dst--;
                            }
                            if (dst <= 0) {
                                hitRoot = true;
                                dst = 0;
                                if (!relative && src == end) {
                                    dst++; // keep the root slash
                                }
                            }
                            if (done) {
                                copy = false;
                            } else {
                                src++;
                            }
                        }
                    } else if (dst == 0) {
                        // Self reference at the start of a relative path.
                        if (done) {
                            copy = false;
                        } else {
                            src++;
                        }
                    } else if (b[dst - 1] == '/') {
                        // Self reference.
                        if (done) {
                            copy = false;
                        } else {
                            dst--;
                            src++;
                        }
                    }
                } else if (dst > 0) {
                    hitRoot = false;
                }
            }
            if (copy) {
                if (b[src] == '/') {
                    // Skip to the last of several slashes.
                    while (src < end && (b[src + 1] == '/' || (windows && b[src + 1] == '\\'))) {
                        src++;
                    }
                    if (relative && dst == 0) {
                        src++;
                        continue;
                    }
                }
                b[dst++] = b[src++];
            }
        }
        if (!trailing && dst > 0 && b[dst - 1] == '/') {
            dst--;
        }
        return ByteStrings.sameOrNew(value, b, dst);
    }

    private static boolean isSeparator(char c, boolean windows) {
        return c == '/' || (windows && c == '\\');
    }

    /**
     * Without separators, a segment ends only at the end of the value, so only a final dot can change anything
     * ({@code .}, {@code ab..}): a sentence or an e-mail address is left as it is without a copy.
     */
    private static boolean mayChange(String value, boolean windows) {
        return value.charAt(value.length() - 1) == '.' || value.indexOf('/') >= 0
                || (windows && value.indexOf('\\') >= 0);
    }
}
