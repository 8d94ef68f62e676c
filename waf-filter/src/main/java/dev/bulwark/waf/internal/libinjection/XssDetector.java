package dev.bulwark.waf.internal.libinjection;

/**
 * Bulwark's implementation of libinjection's XSS detection (the algorithm behind ModSecurity's {@code @detectXSS}).
 *
 * <p>A value is an attack when, echoed into an HTML page, it would open a dangerous tag, add a dangerous attribute
 * or smuggle active markup through a comment. Since the place of the echo is unknown, the value is tokenized from
 * each {@link HtmlStartContext} in turn (as text, and as the inside of an unquoted, single-, double- and
 * backtick-quoted attribute value), and every pass looks at each token:
 *
 * <ul>
 *   <li>a {@code <!DOCTYPE} anywhere;
 *   <li>a start tag named in {@link XssVocabulary#isDangerousTag} (script, iframe, svg..., NULs ignored);
 *   <li>an attribute with a value, by {@link XssVocabulary#attributeKind}: event handlers ({@code on...}),
 *       {@code xmlns}/{@code xlink}, {@code style} always; URL attributes when the value, after numeric character
 *       references are decoded and blanks dropped, starts with {@code javascript}, {@code vbscript}, {@code data}
 *       or {@code view-source}; SVG {@code attributeName} when the value names such an attribute;
 *   <li>a comment carrying a backtick, an IE conditional comment, {@code <?xml}, {@code <?import} or
 *       {@code <!ENTITY}.
 * </ul>
 *
 * <p>Known differences with libinjection, all of which only add detections of attack-shaped input: NULs are ignored
 * in every name comparison (libinjection ignores them in most); TAB and CR are ignored inside URL schemes besides NUL
 * and LF; a tag opened after a stray {@code </>} or {@code </a/>} is a start tag (libinjection read it as an end
 * tag); references above U+00FF are never taken for ASCII letters; the event list is longer.
 *
 * <p>Stateless and thread-safe. Values are byte strings (one char per byte).
 */
public final class XssDetector {

    private static final HtmlStartContext[] CONTEXTS = HtmlStartContext.values();

    private XssDetector() {}

    /** Whether {@code value} is an XSS attack in any of the contexts it could be echoed in. */
    public static boolean isXss(String value) {
        if (!mayContainMarkup(value)) {
            return false;
        }
        for (HtmlStartContext context : CONTEXTS) {
            if (isXss(value, context)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code value} is an attack when echoed in {@code context}. */
    static boolean isXss(String value, HtmlStartContext context) {
        HtmlTokenizer tokens = new HtmlTokenizer(value, context);
        XssVocabulary.AttributeKind pendingAttribute = XssVocabulary.AttributeKind.HARMLESS;
        while (tokens.next()) {
            int start = tokens.start();
            int end = tokens.end();
            HtmlTokenType type = tokens.type();
            switch (type) {
                case DOCTYPE:
                    return true;
                case TAG_NAME:
                    if (XssVocabulary.isDangerousTag(value, start, end)) {
                        return true;
                    }
                    break;
                case ATTRIBUTE_NAME:
                    pendingAttribute = XssVocabulary.attributeKind(value, start, end);
                    continue; // judged when its value comes
                case ATTRIBUTE_VALUE:
                    if (XssVocabulary.isDangerousValue(pendingAttribute, value, start, end)) {
                        return true;
                    }
                    break;
                case COMMENT:
                    if (XssVocabulary.isSuspiciousComment(value, start, end)) {
                        return true;
                    }
                    break;
                default:
                    break;
            }
            // A value belongs to the attribute name just before it, and only to that one.
            pendingAttribute = XssVocabulary.AttributeKind.HARMLESS;
        }
        return false;
    }

    /**
     * Without a {@code <} nothing can open a tag, comment or DOCTYPE, and without a {@code =} no attribute gets a value;
     * such a value is harmless in every context, so the five passes are skipped.
     */
    private static boolean mayContainMarkup(String value) {
        return value.indexOf('<') >= 0 || value.indexOf('=') >= 0;
    }
}
