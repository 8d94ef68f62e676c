package dev.bulwark.waf.internal.libinjection;

/**
 * What {@link XssDetector} considers dangerous in a token: tag names, attribute names, URL schemes and comment openings.
 * The word lists were written for Bulwark from the sources named at each list; they aim at the same judgement as
 * libinjection's (tags and attributes that run script, load active content, or change how the rest of the page is
 * read), so that CRS rules 941100/941101 behave as they do on ModSecurity. The event list recognises every handler
 * libinjection's does (checked against its published list) and some more.
 *
 * <p>All comparisons are ASCII case-insensitive and skip NUL bytes in names.
 */
final class XssVocabulary {

    /** How an attribute's value is judged. */
    enum AttributeKind {
        /** Nothing to check. */
        HARMLESS,
        /** Any value is an attack: event handlers, namespace declarations, IE data binding. */
        ALWAYS,
        /** The value is a URL: dangerous when its scheme can run script or carry a document. */
        URL,
        /** The value is CSS (or an IE filter), which can run script in old browsers: always an attack. */
        STYLE,
        /** The value names another attribute (SVG {@code attributeName}): judged as that attribute's name. */
        ATTRIBUTE_NAME
    }

    /**
     * Elements that run script, embed active content, or change how URLs and the rest of the markup are interpreted.
     * HTML Living Standard: script, style, noscript (parsed differently with scripting on or off), iframe, frame and
     * frameset (obsolete), object, embed, base, link, meta; obsolete HTML: applet, isindex; old Internet Explorer:
     * comment (its content is not a comment everywhere), xml (data islands), import (element behaviours), vmlframe
     * (VML); SVG Tiny 1.2 / XML Events: handler and listener (script holders); and "xss", the marker tag of common
     * attack probes.
     */
    private static final HtmlWordSet TAGS = HtmlWordSet.of(
            "script", "style", "noscript",
            "iframe", "frame", "frameset", "object", "embed", "applet",
            "base", "link", "meta", "isindex",
            "comment", "xml", "import", "vmlframe",
            "handler", "listener",
            "xss");

    /** Every SVG-ish ({@code svg}, {@code svg:svg}) and XSLT ({@code xsl:stylesheet}) element name starts so. */
    private static final HtmlWordSet TAG_PREFIXES = HtmlWordSet.of("svg", "xsl");

    /**
     * Event names; an attribute "on" + any name that starts with one of these is a handler ({@code onclick},
     * {@code onmouseoverx} too). Gathered from: HTML Living Standard event handlers (GlobalEventHandlers,
     * WindowEventHandlers, Document); UI Events and DOM Level 2/3 Events (incl. mutation events); Pointer Events,
     * Pointer Lock, Touch Events, Fullscreen; CSS Animations and Transitions; Clipboard API; SVG 1.1/SMIL animation
     * events; HTML media, Media Source, Encrypted Media, Picture-in-Picture, Media Session; Resource Timing; WebRTC
     * and Media Capture; Web Speech; IndexedDB, Service Workers, WebSocket, XHR progress; device orientation,
     * Gamepad, Battery; Payment Request and Apple Pay; application cache (obsolete); WebGL/WebGPU; legacy Internet
     * Explorer DHTML events; WebKit-only events ("webkit" covers all of them) and Safari gesture events.
     */
    private static final String[] EVENTS = {
        // HTML Living Standard: elements, documents and windows
        "abort", "auxclick", "beforeinput", "beforematch", "beforetoggle", "blur", "cancel", "canplay",
        "canplaythrough", "change", "click", "close", "command", "contextlost", "contextmenu", "contextrestored",
        "copy", "cuechange", "cut", "dblclick", "drag", "dragend", "dragenter", "dragexit", "dragleave", "dragover",
        "dragstart", "drop", "durationchange", "emptied", "ended", "error", "focus", "formdata", "input", "invalid",
        "keydown", "keypress", "keyup", "load", "loadeddata", "loadedmetadata", "loadend", "loadstart", "mousedown",
        "mouseenter", "mouseleave", "mousemove", "mouseout", "mouseover", "mouseup", "paste", "pause", "play",
        "playing", "progress", "ratechange", "reset", "resize", "scroll", "scrollend", "securitypolicyviolation",
        "seeked", "seeking", "select", "slotchange", "stalled", "submit", "suspend", "timeupdate", "toggle",
        "volumechange", "waiting", "wheel",
        "afterprint", "beforeprint", "beforeunload", "hashchange", "languagechange", "message", "messageerror",
        "offline", "online", "pagehide", "pagereveal", "pageshow", "pageswap", "popstate", "rejectionhandled",
        "storage", "unhandledrejection", "unload",
        "readystatechange", "visibilitychange", "domcontentloaded", "selectionchange", "selectstart",
        // UI Events, DOM Level 2/3 and mutation events
        "focusin", "focusout", "compositionstart", "compositionupdate", "compositionend", "textinput", "mousewheel",
        "domactivate", "domfocusin", "domfocusout", "domattrmodified", "domcharacterdatamodified",
        "domnodeinserted", "domnodeinsertedintodocument", "domnoderemoved", "domnoderemovedfromdocument",
        "domsubtreemodified",
        // Pointer Events, Pointer Lock, Touch Events, Fullscreen
        "pointerdown", "pointerup", "pointermove", "pointerrawupdate", "pointerover", "pointerout", "pointerenter",
        "pointerleave", "pointercancel", "gotpointercapture", "lostpointercapture", "pointerlockchange",
        "pointerlockerror", "touchstart", "touchend", "touchmove", "touchcancel", "touchforcechange",
        "fullscreenchange", "fullscreenerror",
        // CSS Animations and Transitions
        "animationstart", "animationiteration", "animationend", "animationcancel",
        "transitionrun", "transitionstart", "transitionend", "transitioncancel",
        // Clipboard API and legacy clipboard events
        "beforecopy", "beforecut", "beforepaste",
        // SVG 1.1 and SMIL animation
        "begin", "end", "repeat", "zoom", "beginevent", "endevent", "repeatevent", "activate",
        // media elements, Media Source, Encrypted Media, Picture-in-Picture, text tracks
        "encrypted", "waitingforkey", "enterpictureinpicture", "leavepictureinpicture", "addtrack", "removetrack",
        "sourceopen", "sourceended", "sourceclose", "updatestart", "update", "updateend", "addsourcebuffer",
        "removesourcebuffer", "remove", "keystatuseschange", "enter", "exit",
        // Media Session actions and Resource Timing
        "nexttrack", "previoustrack", "resourcetimingbufferfull",
        // WebRTC and Media Capture
        "devicechange", "icecandidate", "icecandidateerror", "iceconnectionstatechange", "icegatheringstatechange",
        "connectionstatechange", "signalingstatechange", "negotiationneeded", "datachannel", "track", "mute",
        "unmute", "active", "inactive", "addstream", "removestream", "bufferedamountlow", "tonechange",
        "overconstrained", "dataavailable",
        // Web Speech
        "audiostart", "audioend", "soundstart", "soundend", "speechstart", "speechend", "result", "nomatch",
        "start", "boundary", "mark", "resume",
        // IndexedDB, workers, service workers, sockets, XHR and file APIs
        "success", "blocked", "upgradeneeded", "versionchange", "complete", "open", "connect", "disconnect",
        "timeout", "install", "fetch", "controllerchange", "updatefound", "statechange", "write", "writestart",
        "writeend", "loading", "loadingdone", "loadingerror",
        // device, sensors, gamepads, battery
        "devicemotion", "deviceorientation", "orientationchange", "gamepadconnected", "gamepaddisconnected",
        "chargingchange", "chargingtimechange", "dischargingtimechange", "levelchange",
        // Payment Request and Apple Pay
        "paymentmethodchange", "shippingaddresschange", "shippingoptionchange", "payerdetailchange",
        "merchantvalidation", "paymentauthorized", "paymentmethodselected", "shippingcontactselected",
        "shippingmethodselected", "validatemerchant",
        // application cache (obsolete)
        "cached", "checking", "downloading", "noupdate", "obsolete", "updateready",
        // WebGL, WebGPU, Web Audio
        "webglcontextlost", "webglcontextrestored", "webglcontextcreationerror", "webglcontextchanged",
        "uncapturederror", "audioprocess", "processorerror",
        // legacy Internet Explorer (DHTML) and old HTML5 drafts
        "afterupdate", "beforeactivate", "beforedeactivate", "beforeeditfocus", "beforeupdate", "bounce",
        "cellchange", "controlselect", "datasetchanged", "datasetcomplete", "deactivate", "errorupdate",
        "filterchange", "finish", "help", "layoutcomplete", "losecapture", "move", "moveend", "movestart",
        "propertychange", "resizeend", "resizestart", "rowenter", "rowexit", "rowsdelete", "rowsinserted", "stop",
        "formchange", "forminput", "show", "search", "autocomplete", "autocompleteerror",
        // WebKit and Safari
        "webkit", "beforeload", "overflowchanged", "squeeze", "gesturestart", "gesturechange", "gestureend", "gesturetap",
        "gesturetapdown", "gesturescrollstart", "gesturescrollupdate", "gesturescrollend",
    };

    private static final HtmlWordSet EVENT_HANDLERS = HtmlWordSet.of(prefixAll("on", EVENTS));

    /** XML namespace declarations ({@code xmlns}, {@code xmlns:x}) and XLink attributes ({@code xlink:href}). */
    private static final HtmlWordSet ALWAYS_PREFIXES = HtmlWordSet.of("xmlns", "xlink");

    /** Internet Explorer data binding: {@code datasrc}, {@code dataformatas} pull HTML from another source. */
    private static final HtmlWordSet ALWAYS_ATTRIBUTES = HtmlWordSet.of("datasrc", "dataformatas");

    /**
     * Attributes whose value is fetched or navigated to. HTML: href, src, action, formaction, poster; obsolete HTML:
     * background, lowsrc, dynsrc; old IE: folder; SVG animation: from, to, by, values (they can set an href);
     * SVG Tiny 1.2: handler.
     */
    private static final HtmlWordSet URL_ATTRIBUTES = HtmlWordSet.of(
            "href", "src", "action", "formaction", "poster",
            "background", "lowsrc", "dynsrc", "folder",
            "from", "to", "by", "values", "handler");

    /** Inline CSS, and the IE/SVG {@code filter} attribute. */
    private static final HtmlWordSet STYLE_ATTRIBUTES = HtmlWordSet.of("style", "filter");

    /** SVG/SMIL {@code attributeName}: an animation may target {@code href} or an event handler. */
    private static final HtmlWordSet ATTRIBUTE_NAME_ATTRIBUTES = HtmlWordSet.of("attributename");

    /**
     * URL schemes that run script or carry a document, as prefixes of the decoded value: "java" (javascript:, and
     * Netscape's java:), "vbscript" (IE), "data" (RFC 2397, can carry HTML or SVG), "view-source" (browser-internal).
     * No colon is required, as in libinjection: a colon may hide behind an entity this check does not decode.
     */
    private static final String[] DANGEROUS_URL_PREFIXES = {"java", "vbscript", "data", "view-source"};

    private XssVocabulary() {}

    static boolean isDangerousTag(String s, int start, int end) {
        return TAGS.matchesWhole(s, start, end) || TAG_PREFIXES.matchesStartOf(s, start, end);
    }

    static AttributeKind attributeKind(String s, int start, int end) {
        if (EVENT_HANDLERS.matchesStartOf(s, start, end) || ALWAYS_PREFIXES.matchesStartOf(s, start, end)
                || ALWAYS_ATTRIBUTES.matchesWhole(s, start, end)) {
            return AttributeKind.ALWAYS;
        }
        if (URL_ATTRIBUTES.matchesWhole(s, start, end)) {
            return AttributeKind.URL;
        }
        if (STYLE_ATTRIBUTES.matchesWhole(s, start, end)) {
            return AttributeKind.STYLE;
        }
        if (ATTRIBUTE_NAME_ATTRIBUTES.matchesWhole(s, start, end)) {
            return AttributeKind.ATTRIBUTE_NAME;
        }
        return AttributeKind.HARMLESS;
    }

    /** Whether a value of the given kind makes the attribute an attack. */
    static boolean isDangerousValue(AttributeKind kind, String s, int start, int end) {
        return switch (kind) {
            case HARMLESS -> false;
            case ALWAYS, STYLE -> true;
            case URL -> isDangerousUrl(s, start, end);
            case ATTRIBUTE_NAME -> attributeKind(s, start, end) != AttributeKind.HARMLESS;
        };
    }

    /**
     * Whether a URL attribute value starts with a dangerous scheme. Leading control characters, spaces and non-ASCII
     * bytes are skipped (browsers strip some, and some legacy encodings swallow high bytes), then numeric character
     * references are decoded, further leading spaces skipped, and NUL, TAB, LF and CR ignored anywhere (the URL
     * parser drops the last three; libinjection ignores only NUL and LF).
     */
    static boolean isDangerousUrl(String s, int start, int end) {
        int p = start;
        while (p < end && (s.charAt(p) <= 0x20 || s.charAt(p) >= 0x7F)) {
            p++;
        }
        for (String scheme : DANGEROUS_URL_PREFIXES) {
            if (decodedStartsWith(s, p, end, scheme)) {
                return true;
            }
        }
        return false;
    }

    private static boolean decodedStartsWith(String s, int p, int end, String lowerPrefix) {
        int matched = 0;
        boolean leading = true;
        while (matched < lowerPrefix.length()) {
            if (p >= end) {
                return false;
            }
            long decoded = HtmlCharReference.decode(s, p, end);
            int c = HtmlCharReference.codePoint(decoded);
            p += HtmlCharReference.length(decoded);
            if (leading && c <= 0x20) {
                continue;
            }
            leading = false;
            if (c == 0 || c == '\t' || c == '\n' || c == '\r') {
                continue;
            }
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lowerPrefix.charAt(matched)) {
                return false;
            }
            matched++;
        }
        return true;
    }

    /**
     * Whether a comment body hides markup that some browser acts on: a backtick (old IE ended tags on it), an IE
     * conditional comment ({@code <!--[if IE]>}), an XML processing instruction ({@code <?xml-stylesheet ...>}), an
     * IE {@code <?import ...>} or an XML {@code <!ENTITY ...>} declaration. "[if" and "xml" must be followed by
     * something.
     */
    static boolean isSuspiciousComment(String s, int start, int end) {
        for (int i = start; i < end; i++) {
            if (s.charAt(i) == '`') {
                return true;
            }
        }
        int length = end - start;
        if (length > 3 && (startsWithIgnoreCase(s, start, "[if") || startsWithIgnoreCase(s, start, "xml"))) {
            return true;
        }
        return length >= 6 && (startsWithIgnoreCase(s, start, "import") || startsWithIgnoreCase(s, start, "entity"));
    }

    private static boolean startsWithIgnoreCase(String s, int start, String lowerWord) {
        for (int i = 0; i < lowerWord.length(); i++) {
            char c = s.charAt(start + i);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            if (c != lowerWord.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String[] prefixAll(String prefix, String[] words) {
        String[] out = new String[words.length];
        for (int i = 0; i < words.length; i++) {
            out[i] = prefix + words[i];
        }
        return out;
    }
}
