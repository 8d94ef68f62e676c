package dev.bulwark.waf.internal.operators;

import static java.util.Map.entry;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The table of every operator factory, by SecLang name (case-insensitive). The only place where operator names are
 * bound to implementations; an unknown name is a load error in the rule compiler. Operators Bulwark deliberately
 * does not implement are listed too, bound to an {@link Unsupported} factory, so that a rule using them fails to load
 * with the reason rather than as an unknown name.
 */
public final class Operators {

    private static final Map<String, OperatorFactory> BY_NAME = table(Map.ofEntries(
            entry("beginsWith", BeginsWith::new),
            entry("contains", Contains::new),
            entry("containsWord", ContainsWord::new),
            entry("detectSQLi", DetectSqli::new),
            entry("detectXSS", DetectXss::new),
            entry("endsWith", EndsWith::new),
            entry("eq", Eq::new),
            entry("ge", Ge::new),
            entry("gt", Gt::new),
            entry("ipMatch", IpMatch::create),
            entry("ipMatchF", IpMatchFromFile::create),
            entry("ipMatchFromFile", IpMatchFromFile::create),
            entry("le", Le::new),
            entry("lt", Lt::new),
            entry("noMatch", arg -> NoMatch.INSTANCE),
            entry("pm", Pm::create),
            entry("pmf", PmFromFile::create),
            entry("pmFromFile", PmFromFile::create),
            entry("rx", Rx::new),
            entry("rxGlobal", RxGlobal::new),
            entry("streq", Streq::new),
            entry("strmatch", Strmatch::new),
            entry("unconditionalMatch", arg -> UnconditionalMatch.INSTANCE),
            entry("validateByteRange", ValidateByteRange::new),
            entry("validateUrlEncoding", arg -> ValidateUrlEncoding.INSTANCE),
            entry("validateUtf8Encoding", arg -> ValidateUtf8Encoding.INSTANCE),
            entry("verifyCC", VerifyCC::new),
            entry("verifyCPF", VerifyCPF::new),
            entry("verifySSN", VerifySSN::new),
            entry("verifySVNR", VerifySVNR::new),
            entry("within", Within::new),
            // deliberately unsupported: they need data or services outside the rules
            unsupported("fuzzyHash", "it compares ssdeep fuzzy hashes against a hash file (needs libfuzzy)"),
            unsupported("geoLookup", "it needs a GeoIP database (SecGeoLookupDb) and the GEO collection"),
            unsupported("gsbLookup", "it needs a Google Safe Browsing database (SecGsbLookupDb); "
                    + "ModSecurity itself has dropped it"),
            unsupported("inspectFile", "it runs an external program or Lua script on uploaded files"),
            unsupported("rbl", "it queries a DNS block list while filtering, and Bulwark makes no network calls "
                    + "on the request path"),
            unsupported("rsub", "it rewrites STREAM_INPUT_BODY/STREAM_OUTPUT_BODY, and Bulwark never modifies "
                    + "bodies"),
            unsupported("validateDTD", "it validates the XML body against a DTD file with libxml2"),
            unsupported("validateHash", "it needs ModSecurity's HMAC link-signing engine (SecHashEngine and the "
                    + "SecHash* directives)"),
            unsupported("validateSchema", "it validates the XML body against an XML Schema file with libxml2")));

    private Operators() {}

    private static Map.Entry<String, OperatorFactory> unsupported(String name, String reason) {
        return entry(name, new Unsupported(name, reason));
    }

    private static Map<String, OperatorFactory> table(Map<String, OperatorFactory> entries) {
        Map<String, OperatorFactory> m = new TreeMap<>();
        entries.forEach((name, factory) -> m.put(name.toLowerCase(Locale.ROOT), factory));
        return Map.copyOf(m);
    }

    /** The factory of operator {@code name} (without {@code @}, any case), or null when there is none. */
    public static OperatorFactory lookup(String name) {
        return BY_NAME.get(name.toLowerCase(Locale.ROOT));
    }

    /** All registered names, lower-cased, including the deliberately unsupported ones. */
    public static Set<String> names() {
        return new TreeMap<>(BY_NAME).keySet();
    }

    /** True when {@code name} is registered only to explain why it is not supported. */
    public static boolean isUnsupported(String name) {
        return lookup(name) instanceof Unsupported;
    }
}
