package dev.bulwark.waf.internal.engine;

/**
 * How a request target (as sent, a byte string) becomes {@code REQUEST_URI} and {@code REQUEST_FILENAME}. Public for
 * the tools that must derive the same path from a logged request (the CLI's exclusions are scoped to it).
 */
public final class RequestTargets {

    private RequestTargets() {}

    /** The target without the scheme and authority of an absolute-form target ({@code REQUEST_URI}). */
    public static String originForm(String target) {
        int scheme = target.indexOf("://");
        if (scheme > 0 && target.indexOf('/') > scheme) {
            int path = target.indexOf('/', scheme + 3);
            return path < 0 ? "/" : target.substring(path);
        }
        return target;
    }

    /**
     * {@code REQUEST_FILENAME}: the path of {@link #originForm}, query and fragment cut off, {@code %XX} decoded (a
     * {@code +} stays, a malformed escape stays as written), as in ModSecurity (CRS 933151 finds "array_diff (" in
     * "/get/array_diff%20%28" with t:none).
     */
    public static String filename(String target) {
        String t = originForm(target);
        int q = t.indexOf('?');
        String path = q < 0 ? t : t.substring(0, q);
        int hash = path.indexOf('#');
        return UrlEncoded.decodePath(hash < 0 ? path : path.substring(0, hash));
    }
}
